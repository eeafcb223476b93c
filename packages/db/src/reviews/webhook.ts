import { createHmac } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import {
  type AddressRanges,
  inAddressRanges,
  nonPublicRange,
  parseIpAddress,
} from "@parcours/validators/address-ranges";
import { Agent, fetch as undiciFetch } from "undici";

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

/**
 * Webhooks go to public addresses only, so a view's webhook cannot make the server post to
 * what only it can reach (the database's or ClickHouse's HTTP port, a cloud metadata service,
 * an intranet). Addresses listed in PARCOURS_WEBHOOK_ALLOW are let through (a receiver on the
 * company network). The check is made on the address the connection is opened to, after the
 * name is resolved, so a name that resolves to a public address when added and a private one
 * later is refused then (DNS rebinding).
 */
export class WebhookAddressError extends PermanentDeliveryError {
  override name = "WebhookAddressError";
}

/** Why `address` (a resolved or literal IP) may not be posted to, or null when it may. */
export function webhookAddressRefusal(
  host: string,
  address: string,
  allowed: AddressRanges,
): string | null {
  const parsed = parseIpAddress(address);
  if (!parsed)
    return `the webhook's host ${host} resolved to ${address}, which is not an IP address`;
  const range = nonPublicRange(parsed);
  if (range === null || inAddressRanges(parsed, allowed)) return null;
  const at = host === address ? `${host} is` : `${host} is ${address},`;
  return `the webhook's host ${at} not a public address (${range}): webhooks are posted to public addresses only, unless PARCOURS_WEBHOOK_ALLOW lists it (docs/reviews.md)`;
}

/**
 * A `lookup` for the webhook's connection: resolves as Node does, then refuses the connection
 * (a WebhookAddressError) when any address the name resolves to is not public and not allowed.
 */
export function guardedLookup(allowed: AddressRanges): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      for (const { address } of addresses) {
        const refusal = webhookAddressRefusal(hostname, address, allowed);
        if (refusal) return callback(new WebhookAddressError(refusal), "", 0);
      }
      const [first] = addresses;
      if (options.all) return callback(null, addresses);
      if (!first) return callback(new Error(`${hostname} resolved to no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
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
  /**
   * Tests' own fetch: used as given, without the address check (which lives in the connection
   * this module opens itself).
   */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The non-public addresses webhooks may reach (PARCOURS_WEBHOOK_ALLOW); none by default. */
  allowedAddresses?: AddressRanges;
}

/**
 * POSTs the body; resolves on a 2xx answer, else throws with the status (or the network error).
 * Redirects are not followed: a 3xx is not a delivery. A host that is, or resolves to, an
 * address that is not public (and not allowed) fails at once, with a WebhookAddressError.
 */
export async function postWebhook(post: WebhookPost): Promise<void> {
  const target = webhookTarget(post.url);
  const allowed = post.allowedAddresses ?? [];
  // An IP written in the URL is connected to without a lookup: check it here.
  const literal = target.hostname.replace(/^\[(.*)\]$/, "$1");
  if (parseIpAddress(literal)) {
    const refusal = webhookAddressRefusal(literal, literal, allowed);
    if (refusal) throw new WebhookAddressError(refusal);
  }
  const t = Math.floor(post.now.getTime() / 1000);
  const request = {
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
  } as const;
  // undici's own fetch with its Agent, whose connections resolve through guardedLookup.
  const agent = post.fetch ? null : new Agent({ connect: { lookup: guardedLookup(allowed) } });
  try {
    let response: { status: number; arrayBuffer(): Promise<ArrayBuffer> };
    try {
      response = agent
        ? await undiciFetch(target, { ...request, dispatcher: agent })
        : await (post.fetch ?? fetch)(target, request);
    } catch (error) {
      if (error instanceof Error && error.cause instanceof WebhookAddressError) throw error.cause;
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
  } finally {
    await agent?.close();
  }
}
