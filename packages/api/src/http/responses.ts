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

export function jsonError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: { code, message } }, headers);
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
  message: string,
  headers?: Record<string, string>,
): never {
  throw new HttpRefusal(jsonError(status, code, message, headers));
}

/**
 * Runs a handler: refusals become their response, anything else is our fault — logged, and a
 * 500 that says so without details.
 */
export async function respond(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof HttpRefusal) return error.response;
    console.error("[ingest] unexpected failure:", error);
    return jsonError(
      500,
      "internal",
      "the server failed to handle this request; nothing was stored from it unless the response said so",
    );
  }
}
