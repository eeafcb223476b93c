import { MAX_TRPC_BATCH_SIZE, MAX_TRPC_BODY_BYTES } from "@parcours/validators";
import type { AnyTRPCRouter } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { RETRY_AFTER_SECONDS } from "./fair-share";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "./http/responses";
import { reportInternalError } from "./internal-errors";
import { appRouter } from "./root";
import type { TRPCContext } from "./trpc";

export interface TRPCRequestOptions {
  req: Request;
  createContext: () => Promise<TRPCContext>;
  /** Tests serve their own router through the same limits. */
  router?: AnyTRPCRouter;
  endpoint?: string;
}

function tooLarge(): Response {
  return new Response(
    JSON.stringify({
      error: {
        message: `the request body is over the limit of ${MAX_TRPC_BODY_BYTES} bytes`,
        code: "PAYLOAD_TOO_LARGE",
      },
    }),
    { status: 413, headers: { "content-type": "application/json" } },
  );
}

/**
 * The body of a POST, read up to the limit whatever Content-Length claims: tRPC would read
 * all of it into memory before parsing it.
 */
async function boundedBody(req: Request): Promise<string | null> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_TRPC_BODY_BYTES) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_TRPC_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The tRPC route: batches of at most MAX_TRPC_BATCH_SIZE calls (one GET with 60 heatmap
 * queries once held the server for 33 s), bodies of at most MAX_TRPC_BODY_BYTES, a
 * Retry-After on 429, and our failures logged with the reference their answer carries.
 */
export async function handleTRPCRequest(opts: TRPCRequestOptions): Promise<Response> {
  let req = opts.req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = await boundedBody(req);
    if (body === null) return tooLarge();
    req = new Request(req.url, { method: req.method, headers: req.headers, body });
  }
  return fetchRequestHandler({
    endpoint: opts.endpoint ?? "/api/trpc",
    router: opts.router ?? appRouter,
    req,
    maxBatchSize: MAX_TRPC_BATCH_SIZE,
    createContext: opts.createContext,
    onError({ error, path, type }) {
      // Client mistakes (bad input, unknown keys) are the caller's; log what is ours to fix.
      if (error.code === "INTERNAL_SERVER_ERROR") reportInternalError(error, `${type} ${path}`);
    },
    responseMeta({ errors }) {
      if (errors.some((e) => e.code === "TOO_MANY_REQUESTS")) {
        return { headers: { "retry-after": String(RETRY_AFTER_SECONDS) } };
      }
      // A database not answering (or a query stopped for taking too long): ask again later.
      if (errors.some((e) => e.code === "SERVICE_UNAVAILABLE")) {
        return { headers: { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) } };
      }
      return {};
    },
  });
}
