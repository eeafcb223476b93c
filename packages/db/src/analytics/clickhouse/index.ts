export * from "./client";
export * from "./cluster";
export * from "./literal";
export * from "./migrate";
export * from "./sync";
export * from "./sync-loop";
