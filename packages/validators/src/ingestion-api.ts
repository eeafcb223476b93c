import { z } from "zod";
import { refundsAreReturns, ZEventFields } from "./event";
import { ZJsonObject, ZText } from "./text";

/**
 * Sent by the app's own upload form with every file, and required by the upload endpoint: a
 * plain HTML form cannot set a header, so a same-site page cannot post a file with the admin's
 * session cookie.
 */
export const APP_REQUEST_HEADER = "x-parcours-request";

/** At most this many events, or customers, in one request of the HTTP API. */
export const MAX_BATCH_ITEMS = 1_000;
/** At most this many bytes in one request body of the HTTP API. */
export const MAX_BATCH_BYTES = 1_000_000;

/**
 * One event of `POST /api/v1/events`: the interchange format in camelCase JSON. JSON has types,
 * so they are held to: a rating is a number, not the text "4" or `true`.
 */
export const ZApiEventSchema = ZEventFields.extend({
  satisfaction: z
    .number({ error: "must be a whole number from 1 to 5" })
    .int("must be a whole number from 1 to 5")
    .min(1, "must be a whole number from 1 to 5")
    .max(5, "must be a whole number from 1 to 5")
    .nullish()
    .transform((v) => v ?? undefined),
}).superRefine(refundsAreReturns);

/** A customer's attributes (the API's, and Segment's identify traits). */
export const ZAttributesSchema = ZJsonObject({
  maxChars: 20_000,
  tooLarge: "are larger than 20 kB",
  keys: { maxLength: 100, tooLong: "attribute names have at most 100 characters" },
});

export const ZApiCustomerSchema = z.object({
  customerId: ZText({
    error: (issue) => (issue.input === undefined ? "is required" : "must be text"),
  })
    .trim()
    .min(1, "is required")
    .max(200, "is longer than 200 characters"),
  attributes: z.preprocess((v) => (v === undefined ? {} : v), ZAttributesSchema),
});
export type TApiCustomer = z.infer<typeof ZApiCustomerSchema>;

export const ZApiKeyCreateSchema = z.object({
  name: ZText()
    .trim()
    .min(1, { error: "a key needs a name" })
    .max(100, { error: "a key's name has at most 100 characters" }),
});
