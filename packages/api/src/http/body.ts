import { refuse } from "./responses";

/**
 * Reads a JSON body of at most `maxBytes`: 415 for another content type, 413 past the size
 * (counted while reading, whatever Content-Length claims), 400 for unparsable JSON.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type) && !/^text\/plain\s*(;|$)/i.test(type)) {
    refuse(
      415,
      "unsupported_media_type",
      `send JSON with Content-Type: application/json (got ${type ? `"${type}"` : "none"})`,
    );
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    refuse(413, "payload_too_large", `the body is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        refuse(413, "payload_too_large", `the body is over the limit of ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") refuse(400, "invalid_json", "the body is empty; send a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    refuse(400, "invalid_json", `the body is not valid JSON: ${reason}`);
  }
}
