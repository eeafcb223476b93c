export * from "./catalogue";
export * from "./generator";
export * from "./personas";
export * from "./seed";
