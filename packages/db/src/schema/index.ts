export * from "./analytics-sync";
export * from "./auth";
export * from "./catalogue";
export * from "./data-version";
export * from "./events";
export * from "./ingestion";
export * from "./people";
export * from "./views";
