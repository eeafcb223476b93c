export * from "./auth";
export * from "./catalogue";
export * from "./events";
export * from "./ingestion";
export * from "./people";
export * from "./views";
