export * from "./password";
export * from "./redirect";
export * from "./roles";
export * from "./sign-in";
