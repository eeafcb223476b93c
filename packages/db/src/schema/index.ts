export * from "./auth";
export * from "./catalogue";
export * from "./events";
export * from "./people";
export * from "./ingestion";
