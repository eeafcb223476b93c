import type { Database } from "@parcours/db";
import { type ApiKeyRow, verifyApiKey } from "@parcours/db/queries";
import type { RateLimiter } from "./rate-limit";
import { refuse } from "./responses";

/** `Authorization: Bearer <key>` (the native API). */
export function bearerKey(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** `Authorization: Basic base64(<writeKey>:)` (Segment's SDKs), or a Bearer key. */
export function writeKey(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const user = decoded.split(":")[0];
    return user || null;
  }
  return bearerKey(request);
}

/** 401 for a missing, unknown or revoked key; 429 with Retry-After past the key's rate. */
export async function authoriseKey(
  db: Database,
  key: string | null,
  limiter: RateLimiter,
): Promise<ApiKeyRow> {
  if (!key) {
    refuse(401, "unauthorized", "missing API key: send Authorization: Bearer <key>", {
      "www-authenticate": 'Bearer realm="parcours"',
    });
  }
  const row = await verifyApiKey(db, key);
  if (!row) {
    refuse(401, "unauthorized", "this API key is not valid or has been revoked", {
      "www-authenticate": 'Bearer realm="parcours", error="invalid_token"',
    });
  }
  const wait = limiter.take(String(row.id));
  if (wait > 0) {
    refuse(429, "rate_limited", `too many requests with this key; retry in ${wait} s`, {
      "retry-after": String(wait),
    });
  }
  return row;
}
