export { defaultLimiter, handleCustomers, handleEvents, type IngestDeps } from "./ingest";
export { RateLimiter } from "./rate-limit";
export { json, jsonError } from "./responses";
