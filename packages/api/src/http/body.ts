import { pipeline, Readable, Transform } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createGunzip, createInflate } from "node:zlib";
import { MAX_BODY_DEPTH, nestsDeeperThan } from "@parcours/validators";
import { HttpRefusal, refuse } from "./responses";

/**
 * The content types each API takes. `text/plain` is what `navigator.sendBeacon` sends a string
 * as (and it spares a browser the CORS preflight). The Segment-compatible endpoints read the
 * body as JSON whatever it is labelled, since SDKs label it as their HTTP client decides
 * (RudderStack's Node SDK sends its gzipped batches as application/x-www-form-urlencoded
 * through axios 1.x, as application/octet-stream through older versions).
 */
const CONTENT_TYPES = {
  json: ["application/json", "text/plain"],
  segment: null,
} as const;

export type BodyTypes = keyof typeof CONTENT_TYPES;

export type ContentCoding = "identity" | "gzip" | "deflate";

/** The request's Content-Encoding, or a 415 naming those accepted. */
export function contentCoding(request: Request): ContentCoding {
  const header = (request.headers.get("content-encoding") ?? "").trim().toLowerCase();
  if (header === "" || header === "identity") return "identity";
  if (header === "gzip" || header === "x-gzip") return "gzip";
  if (header === "deflate") return "deflate";
  refuse(
    415,
    "unsupported_encoding",
    `Content-Encoding "${header}" is not supported: send the body as is, or with gzip or deflate`,
  );
}

/** A stream that decompresses `coding` (deflate is the zlib format, as HTTP defines it). */
export function decompressor(coding: ContentCoding): Transform | null {
  if (coding === "gzip") return createGunzip();
  if (coding === "deflate") return createInflate();
  return null;
}

/** Whether an error comes from zlib: the body is not the compressed data it claims to be. */
export function isCompressionError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === "string" &&
    String((error as { code?: unknown }).code).startsWith("Z_")
  );
}

class BodyTooLarge extends Error {}

function tooLarge(maxBytes: number, compressed: boolean): never {
  refuse(
    413,
    "payload_too_large",
    `the body is over the limit of ${maxBytes} bytes${compressed ? " once decompressed" : ""}`,
  );
}

/**
 * The body's bytes, decompressed, at most `maxBytes` of them: counted as they arrive and as
 * they are decompressed, whatever Content-Length claims, and reading stops at the limit, so
 * that a small gzip bomb costs no more than the limit.
 */
async function readBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const coding = contentCoding(request);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    refuse(413, "payload_too_large", `the body is ${declared} bytes; the limit is ${maxBytes}`);
  }
  if (!request.body) return Buffer.alloc(0);
  const decoder = decompressor(coding);
  let received = 0;
  // Compressed bytes are bounded too: a stream of empty gzip members would otherwise never end.
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > maxBytes ? new BodyTooLarge() : null, chunk);
    },
  });
  const source = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  // Errors reach the loop below through `output`; the callback only keeps them handled.
  const output: Readable = decoder
    ? pipeline(source, counter, decoder, () => {})
    : pipeline(source, counter, () => {});
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of output) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) tooLarge(maxBytes, decoder !== null);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof HttpRefusal) throw error;
    if (error instanceof BodyTooLarge) tooLarge(maxBytes, false);
    if (isCompressionError(error)) {
      refuse(
        400,
        "invalid_encoding",
        `the body is not valid ${coding} data (${error.message}); nothing was stored`,
      );
    }
    refuse(400, "upload_interrupted", "the body did not arrive whole; nothing was stored");
  } finally {
    // Past the limit the rest is neither read nor decompressed.
    output.destroy();
  }
  return Buffer.concat(chunks, size);
}

/**
 * Reads a JSON body of at most `maxBytes` (decompressed, when sent with Content-Encoding gzip
 * or deflate): 415 for another content type or encoding, 413 past the size, 400 for a body that
 * is not UTF-8 (decoding it anyway would turn different ids into the same U+FFFD), not JSON,
 * or nested deeper than MAX_BODY_DEPTH.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
  types: BodyTypes = "json",
): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  const essence = type.split(";")[0]?.trim().toLowerCase() ?? "";
  const accepted: readonly string[] | null = CONTENT_TYPES[types];
  if (accepted && !accepted.includes(essence)) {
    refuse(
      415,
      "unsupported_media_type",
      `send JSON with Content-Type: application/json (got ${type ? `"${type}"` : "none"})`,
    );
  }
  const bytes = await readBytes(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    refuse(400, "invalid_encoding", "the body is not valid UTF-8; send JSON encoded as UTF-8");
  }
  if (text.trim() === "") refuse(400, "invalid_json", "the body is empty; send a JSON object");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    refuse(400, "invalid_json", `the body is not valid JSON: ${reason}`);
  }
  if (nestsDeeperThan(body, MAX_BODY_DEPTH)) {
    refuse(400, "invalid_json", `the body nests deeper than ${MAX_BODY_DEPTH} levels`);
  }
  return body;
}
