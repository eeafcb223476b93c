export * from "./catalogue";
export * from "./generator";
export * from "./locale";
export * from "./personas";
export * from "./seed";
export * from "./spend";
