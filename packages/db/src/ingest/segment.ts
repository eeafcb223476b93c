/**
 * Segment messages as Parcours events: the pure part of the Segment-compatible endpoint, shared
 * by the HTTP handler and the replay of kept (unmapped) messages.
 */

export interface SegmentMapping {
  touchpoint: string;
  type: string;
}

/**
 * Segment's e-commerce spec (v2) mapped onto the demo catalogue. `page` and `screen` are the
 * names used for page and screen calls. Admins override or add names in Admin → Segment.
 */
export const DEFAULT_SEGMENT_MAPPINGS: Readonly<Record<string, SegmentMapping>> = {
  page: { touchpoint: "website", type: "view" },
  screen: { touchpoint: "mobile_app", type: "view" },
  "Products Searched": { touchpoint: "website", type: "search" },
  "Product List Viewed": { touchpoint: "website", type: "view" },
  "Product Viewed": { touchpoint: "product_page", type: "view" },
  "Product Clicked": { touchpoint: "product_page", type: "click" },
  "Product Added": { touchpoint: "product_page", type: "add_to_cart" },
  "Cart Viewed": { touchpoint: "web_checkout", type: "view" },
  "Checkout Started": { touchpoint: "web_checkout", type: "checkout" },
  "Order Completed": { touchpoint: "web_checkout", type: "purchase" },
  "Order Refunded": { touchpoint: "returns", type: "return" },
  "Order Cancelled": { touchpoint: "returns", type: "return" },
  "Product Reviewed": { touchpoint: "review_site", type: "review" },
  "Email Opened": { touchpoint: "newsletter", type: "open" },
  "Email Link Clicked": { touchpoint: "newsletter", type: "click" },
  "Coupon Applied": { touchpoint: "web_checkout", type: "coupon" },
};

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value;
  // Only whole numbers JSON carries exactly: past 2^53 digits are lost, and two different ids
  // sent as numbers would become the same text.
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** The name a message is mapped by: the track event's name, or `page` / `screen`. */
export function segmentEventName(message: Record<string, unknown>): string | undefined {
  const type = message.type;
  if (type === "track") return text(message.event);
  if (type === "page" || type === "screen") return type;
  return undefined;
}

/** The customer: the user id when known, else the anonymous id. */
export function segmentCustomerId(message: Record<string, unknown>): string | undefined {
  return text(message.userId) ?? text(message.anonymousId);
}

/**
 * A track/page/screen message as an event input (checked afterwards by the event schema):
 * messageId is the idempotency key; the time is `timestamp`, else `originalTimestamp`, else
 * when it was received. Order Completed carries its revenue (`revenue`, else `total`); a
 * refund or cancellation carries it negative, so that net revenue nets it out. A `feedback`
 * (else `comment`) property is the event's comment.
 */
export function segmentToEvent(
  message: Record<string, unknown>,
  mapping: SegmentMapping,
  receivedAt: Date,
): Record<string, unknown> {
  const properties = record(message.properties);
  const name = segmentEventName(message);
  const amount = Number(properties.revenue ?? properties.total);
  let revenue: string | undefined;
  if (
    Number.isFinite(amount) &&
    (name === "Order Completed" || name === "Order Refunded" || name === "Order Cancelled")
  ) {
    const signed = name === "Order Completed" ? Math.abs(amount) : -Math.abs(amount);
    revenue = signed.toFixed(2);
  }
  const rating = Number(properties.satisfaction ?? properties.rating);
  const satisfaction = Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : undefined;
  // Survey and review tools name the free text `feedback` or `comment`; it stays in properties
  // too, as sent, and the event schema holds it to the comment's limits.
  const comment = [properties.feedback, properties.comment].find((v) => typeof v === "string");
  const page = record(record(message.context).page);
  return {
    eventId: text(message.messageId),
    customerId: segmentCustomerId(message),
    occurredAt:
      text(message.timestamp) ?? text(message.originalTimestamp) ?? receivedAt.toISOString(),
    touchpoint: mapping.touchpoint,
    type: mapping.type,
    revenue,
    satisfaction,
    comment,
    properties: {
      ...properties,
      ...(name === "page" && text(page.path) ? { path: page.path } : {}),
      segmentEvent: text(message.event) ?? message.type,
    },
  };
}
