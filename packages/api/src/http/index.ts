export { defaultLimiter, handleCustomers, handleEvents, type IngestDeps } from "./ingest";
export { RateLimiter } from "./rate-limit";
export { json, jsonError, respond, UNAVAILABLE_RETRY_AFTER_SECONDS } from "./responses";
export { APP_REQUEST_HEADER, crossSiteRefusal, type SameOriginOptions } from "./same-origin";
export { handleSegment, SEGMENT_KINDS, type SegmentKind } from "./segment";
export {
  handleImportStatus,
  handleUpload,
  type ImportJob,
  MAX_UPLOAD_BYTES,
  type UploadDeps,
} from "./upload";
