import { createHmac } from "node:crypto";

/*
 * A review posted to a view's webhook (issue 18 item 3): JSON, signed as Stripe-style
 * `Parcours-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`,
 * so the receiver can check both who sent it and that it is recent (docs/reviews.md).
 */

/** The receiver had 10 s to answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** A failure that retrying cannot fix (the URL is not http(s)): the delivery fails at once. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

export function signWebhookBody(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** The URL as one we post to: http(s) only, else a PermanentDeliveryError. */
export function webhookTarget(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PermanentDeliveryError(`the webhook URL ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new PermanentDeliveryError(
      `the webhook URL must be http:// or https://, not ${parsed.protocol}//`,
    );
  }
  return parsed;
}

export interface WebhookPost {
  url: string;
  secret: string;
  deliveryId: number;
  body: string;
  now: Date;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * POSTs the body; resolves on a 2xx answer, else throws with the status (or the network error).
 * Redirects are not followed: a 3xx is not a delivery.
 */
export async function postWebhook(post: WebhookPost): Promise<void> {
  const target = webhookTarget(post.url);
  const t = Math.floor(post.now.getTime() / 1000);
  const doFetch = post.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(target, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(post.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "Parcours-Reviews",
        "parcours-signature": signWebhookBody(post.secret, post.body, t),
        "parcours-delivery": String(post.deliveryId),
      },
      body: post.body,
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${Math.round((post.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000)} s`
        : error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
    throw new Error(`webhook ${target.origin}: ${reason}`);
  }
  // The body is not needed; reading it frees the connection.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`webhook ${target.origin} answered ${response.status}`);
  }
}
