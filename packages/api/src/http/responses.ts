import { randomUUID } from "node:crypto";
import { classifyDatabaseError, describeDatabaseError, refusalReason } from "@parcours/db";
import { formatMessage, type TCodedMessage } from "@parcours/validators";

/** JSON answers of the HTTP ingestion API: `{ error: { code, message } }` for every refusal. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...headers,
    },
  });
}

/**
 * `{ error: { code, message } }`. A message given by its code (the server's catalogue) is sent
 * in English with the code beside it (`coded`), for the app to say it in the reader's language.
 */
export function jsonError(
  status: number,
  code: string,
  message: string | TCodedMessage,
  headers: Record<string, string> = {},
): Response {
  const error =
    typeof message === "string"
      ? { code, message }
      : { code, message: formatMessage("en", message), coded: message };
  return json(status, { error }, headers);
}

/** A refusal that stops the handler; `respond` turns it into its Response. */
export class HttpRefusal extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

export function refuse(
  status: number,
  code: string,
  message: string | TCodedMessage,
  headers?: Record<string, string>,
): never {
  throw new HttpRefusal(jsonError(status, code, message, headers));
}

/**
 * Seconds a client is asked to wait when the database is unavailable: a PostgreSQL restart or
 * crash recovery takes a few; SDKs back off further on their own when it is still down.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * Runs a handler: refusals become their response. A database that is unreachable, shutting
 * down or starting up is a 503 with Retry-After (nothing in the answer claims a write). A value
 * the database refuses that no per-item check caught is the request's fault, a 400 with the
 * server's reason. Anything else is our fault: logged with a request id, and a 500 that gives
 * the client that id and nothing else (no SQL, no internals).
 */
export async function respond(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof HttpRefusal) return error.response;
    const requestId = randomUUID();
    const fault = classifyDatabaseError(error);
    if (fault === "unavailable") {
      console.warn(
        `[ingest] request ${requestId}: database unavailable (${describeDatabaseError(error)})`,
      );
      return json(
        503,
        {
          error: {
            code: "unavailable",
            message: `the database is unavailable, so this request was not stored (or not all of it): send it again after ${UNAVAILABLE_RETRY_AFTER_SECONDS} s; what was stored already counts as duplicates`,
            requestId,
          },
        },
        { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS), "x-request-id": requestId },
      );
    }
    if (fault === "data") {
      return jsonError(
        400,
        "invalid_data",
        `the database refuses a value in this request: ${refusalReason(error)}`,
      );
    }
    console.error(`[ingest] request ${requestId} failed:`, error);
    return json(
      500,
      {
        error: {
          code: "internal",
          message: `the server failed to handle this request (request id ${requestId})`,
          requestId,
        },
      },
      { "x-request-id": requestId },
    );
  }
}
