export { handleCustomers, handleEvents, type IngestDeps, defaultLimiter } from "./ingest";
export { RateLimiter } from "./rate-limit";
export { json, jsonError } from "./responses";
