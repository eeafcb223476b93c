import { z } from "zod";
import { requiredOr, ZEventTypeSchema, ZKeySchema } from "./keys";
import { codedIssue, issueMessage, type TCodedMessage } from "./messages";
import { ZJsonObject, ZText } from "./text";

/** Events more than a day in the future are almost always a clock or unit mistake. */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** JavaScript's Date rolls 31 February over into March: check the calendar ourselves. */
function isRealDateTime(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const second = Number(match[7] ?? 0);
  if (month === undefined || month < 1 || month > 12) return false;
  const daysInMonth = new Date(Date.UTC(year ?? 0, month, 0)).getUTCDate();
  return (
    (day ?? 0) >= 1 &&
    (day ?? 0) <= daysInMonth &&
    (hour ?? 0) <= 23 &&
    (minute ?? 0) <= 59 &&
    second <= 59
  );
}

export const ZOccurredAtSchema = z
  .string({ error: requiredOr("an ISO 8601 date-time with an offset") })
  .refine((value) => ISO_WITH_OFFSET.test(value), { ...codedIssue("isoDateTime"), abort: true })
  .transform((value, ctx) => {
    const date = new Date(value);
    const match = ISO_WITH_OFFSET.exec(value);
    if (Number.isNaN(date.getTime()) || !match || !isRealDateTime(match)) {
      ctx.addIssue({ code: "custom", ...codedIssue("notRealDateTime") });
      return z.NEVER;
    }
    if (date.getTime() > Date.now() + MAX_FUTURE_SKEW_MS) {
      ctx.addIssue({ code: "custom", ...codedIssue("inTheFuture") });
      return z.NEVER;
    }
    if (date.getUTCFullYear() < 1970) {
      ctx.addIssue({ code: "custom", ...codedIssue("before1970") });
      return z.NEVER;
    }
    return date;
  });

const REVENUE = /^-?\d{1,12}(\.\d{1,2})?$/;

/** A feedback comment's length, in characters, after trimming. */
export const MAX_COMMENT_CHARS = 2_000;

/** An event's properties as JSON: Segment's limit for a whole message. */
export const MAX_PROPERTIES_CHARS = 32_000;

/**
 * The interchange format's fields without the checks across fields: the HTTP API extends it
 * (zod refuses to extend a refined object), then adds `refundsAreReturns` as the file import does.
 */
export const ZEventFields = z.object({
  eventId: ZText({ error: requiredOr("text") })
    .trim()
    .min(1, "is required")
    .max(200, "is longer than 200 characters"),
  customerId: ZText({ error: requiredOr("text") })
    .trim()
    .min(1, "is required")
    .max(200, "is longer than 200 characters"),
  occurredAt: ZOccurredAtSchema,
  touchpoint: ZKeySchema,
  type: ZEventTypeSchema,
  stage: emptyToUndefined(ZKeySchema),
  channel: emptyToUndefined(ZKeySchema),
  satisfaction: emptyToUndefined(
    z.coerce
      .number({ message: "must be a whole number from 1 to 5" })
      .int("must be a whole number from 1 to 5")
      .min(1, "must be a whole number from 1 to 5")
      .max(5, "must be a whole number from 1 to 5"),
  ),
  revenue: emptyToUndefined(
    z
      .union([z.string(), z.number()], {
        error: "must be a decimal number with at most 2 decimals",
      })
      .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
      .refine((v) => REVENUE.test(v), codedIssue("revenueFormat")),
  ),
  // Blank is no comment: a survey tool sends "" or spaces for a rating left without words.
  comment: emptyToUndefined(
    ZText({ error: "must be text" })
      .trim()
      .max(MAX_COMMENT_CHARS, `is longer than ${MAX_COMMENT_CHARS.toLocaleString("en")} characters`)
      .transform((v) => (v === "" ? undefined : v)),
  ),
  properties: emptyToUndefined(
    z
      .unknown()
      .transform((v) => {
        // A CSV cell holds the object as JSON text; what does not parse is refused as such below.
        if (typeof v !== "string") return v;
        try {
          return JSON.parse(v) as unknown;
        } catch {
          return v;
        }
      })
      .pipe(
        ZJsonObject({
          maxChars: MAX_PROPERTIES_CHARS,
          tooLarge: `are larger than ${MAX_PROPERTIES_CHARS / 1000} kB as JSON`,
        }),
      ),
  ),
});

/**
 * Refunds are their own events, of type `return` with negative revenue (as Segment's Order
 * Refunded arrives): a purchase with negative revenue would count as an order and pull the
 * average order value down, so it is refused with the way to send it (docs/metrics.md).
 */
export function refundsAreReturns(
  event: { type: string; revenue?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (event.type === "purchase" && event.revenue !== undefined && Number(event.revenue) < 0) {
    ctx.addIssue({
      code: "custom",
      path: ["revenue"],
      ...codedIssue("negativePurchase"),
    });
  }
}

/**
 * One event of the interchange format (DESIGN.md), after the transport (CSV cells, NDJSON
 * values, JSON body) has been mapped to these camelCase names. Optional values may be absent,
 * null or the empty string (CSV has no null).
 */
export const ZEventInputSchema = ZEventFields.superRefine(refundsAreReturns);

export type TEventInput = z.input<typeof ZEventInputSchema>;
export type TEvent = z.output<typeof ZEventInputSchema>;

function emptyToUndefined<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    schema.optional(),
  ) as unknown as z.ZodOptional<T>;
}

/** The interchange columns, in file order; snake_case as in CSV headers and NDJSON keys. */
export const INTERCHANGE_COLUMNS = [
  "event_id",
  "customer_id",
  "occurred_at",
  "touchpoint",
  "type",
  "stage",
  "channel",
  "satisfaction",
  "revenue",
  "properties",
  // Last, so that files written before it existed keep their column positions.
  "comment",
] as const;

export type TInterchangeColumn = (typeof INTERCHANGE_COLUMNS)[number];

const SNAKE_TO_CAMEL: Record<TInterchangeColumn, keyof TEventInput> = {
  event_id: "eventId",
  customer_id: "customerId",
  occurred_at: "occurredAt",
  touchpoint: "touchpoint",
  type: "type",
  stage: "stage",
  channel: "channel",
  satisfaction: "satisfaction",
  revenue: "revenue",
  properties: "properties",
  comment: "comment",
};

/** Maps a snake_case record (CSV row, NDJSON line) onto the schema's input names. */
export function fromInterchangeRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of INTERCHANGE_COLUMNS) {
    if (column in record) out[SNAKE_TO_CAMEL[column]] = record[column];
  }
  return out;
}

const CAMEL_TO_SNAKE = Object.fromEntries(
  Object.entries(SNAKE_TO_CAMEL).map(([snake, camel]) => [camel, snake]),
) as Record<string, string>;

/**
 * What a report shows of a rejected row (an import's, an upload's): its event_id when it has
 * one, and the cell the first problem is about, as written. Cut to 200 characters.
 */
export function rejectedRowDetails(
  error: z.ZodError,
  record: Record<string, unknown>,
): { eventId?: string; value?: string } {
  const cell = (v: unknown): string | undefined => {
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return undefined;
    const text = String(v);
    return text.length > 200 ? `${text.slice(0, 199)}…` : text;
  };
  const fields = error.issues.map((issue) => String(issue.path[0] ?? ""));
  // An event_id that is itself refused is the row's offending value, not a way to find it.
  const eventId = fields.includes("eventId") ? undefined : cell(record.event_id)?.trim();
  // Properties are named by their path in the message; the whole object would say less.
  const first = fields[0];
  const value =
    first && first !== "properties" ? cell(record[CAMEL_TO_SNAKE[first] ?? ""]) : undefined;
  return {
    ...(eventId ? { eventId } : {}),
    ...(value !== undefined ? { value } : {}),
  };
}

/**
 * Each issue's column (as the file names it) and its message by code, for a report the web
 * shows in the reader's language; `describeIssues(…, "interchange")` says the same in English.
 */
export function interchangeIssues(error: z.ZodError): { path: string; message: TCodedMessage }[] {
  return error.issues.map((issue) => ({
    path: issue.path
      .map((part, i) => (i === 0 ? (CAMEL_TO_SNAKE[String(part)] ?? String(part)) : String(part)))
      .join("."),
    message: issueMessage(issue),
  }));
}

/**
 * Turns zod issues into short "field reason" messages for import reports and API answers;
 * `names: "interchange"` names fields as the file's columns (occurred_at, not occurredAt).
 */
export function describeIssues(
  error: z.ZodError,
  names: "schema" | "interchange" = "schema",
): string[] {
  return error.issues.map((issue) => {
    // Only the first part is a column: deeper parts are keys inside properties, kept as sent.
    const path = issue.path
      .map((part, i) =>
        names === "interchange" && i === 0
          ? (CAMEL_TO_SNAKE[String(part)] ?? String(part))
          : String(part),
      )
      .join(".");
    return path ? `${path} ${issue.message}` : issue.message;
  });
}
