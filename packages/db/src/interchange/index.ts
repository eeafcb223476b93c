export * from "./csv-rows";
export * from "./export-events";
export * from "./format";
export * from "./import-events";
export * from "./import-spend";
export * from "./output";
export * from "./read-records";
