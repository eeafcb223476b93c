export * from "./client";
export * from "./database-errors";
export * from "./queries";
export * as schema from "./schema";
