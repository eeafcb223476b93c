export * from "./admin";
export * from "./analytics";
export * from "./event";
export * from "./ingestion-api";
export * from "./keys";
export * from "./persona-editor";
export * from "./persona-rules";
export * from "./views";
