export * from "./analytics";
export * from "./event";
export * from "./keys";
export * from "./persona-rules";
