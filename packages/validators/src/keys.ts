import { z } from "zod";

/** Catalogue keys (stages, touchpoints, channels, personas): lower-case slugs. */
/** The zod error for a missing value, or for a value of the wrong kind. */
export const requiredOr =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined || issue.input === null ? "is required" : `must be ${what}`;

export const ZKeySchema = z
  .string({ error: requiredOr("a lower-case key") })
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be a lower-case key (a-z, 0-9, _ or -, max 63)");

export const ZEventTypeSchema = z
  .string({ error: requiredOr("a lower-case event type") })
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a lower-case event type such as view or add_to_cart");

/** The event types the demo data and the docs use; ingestion accepts any well-formed type. */
export const KNOWN_EVENT_TYPES = [
  "view",
  "search",
  "add_to_cart",
  "checkout",
  "purchase",
  "delivery",
  "return",
  "support",
  "review",
  "referral",
  "survey",
  "visit",
  "open",
  "click",
  "loyalty",
] as const;
