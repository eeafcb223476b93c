export * from "./password";
export * from "./roles";
export * from "./sign-in";
