import { z } from "zod";
import { codedIssue } from "./messages";

/**
 * Bounds on what one request may ask of the server. Each is far above what the pages send and
 * low enough that no single request can take the server down: a period of year 1 to 9999 in
 * day buckets once built millions of buckets in Node and stopped every route for minutes.
 */

/**
 * Dates the analytics accept: PostgreSQL's timestamptz holds 4713 BC to 294276 AD and
 * JavaScript's Date ±275760 years, but `toISOString` writes years past 9999 in a form
 * PostgreSQL does not parse, and no retail data predates 1970 (ingestion refuses it).
 */
export const MIN_DATE = new Date("1970-01-01T00:00:00Z");
export const MAX_DATE = new Date("2200-01-01T00:00:00Z");
const DATE_RANGE = codedIssue("dateOutOfRange", { min: "1970-01-01", max: "2200-01-01" });

/** The longest period a metric covers: about ten years (3,660 days). */
export const MAX_PERIOD_DAYS = 3_660;
export const DAY_MS = 86_400_000;

/** Conversion over time draws at most this many buckets (1,000 days, or 19 years of weeks). */
export const MAX_OVER_TIME_BUCKETS = 1_000;

/** Calls in one batched tRPC request; the browser's client splits its batches to match. */
export const MAX_TRPC_BATCH_SIZE = 20;

/** Bytes in one tRPC request body: inputs are forms and filters, a few kB at most. */
export const MAX_TRPC_BODY_BYTES = 1_000_000;

/** Row ids are PostgreSQL `integer` (int4). */
export const MAX_ID = 2_147_483_647;

/** Any row id in an input: a whole number that fits PostgreSQL's `integer`. */
const ID_MESSAGE = codedIssue("id", { max: MAX_ID });
export const ZIdSchema = z
  .number({ error: ID_MESSAGE.message })
  .refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_ID, ID_MESSAGE);

export function isDateInRange(date: Date): boolean {
  const time = date.getTime();
  return time >= MIN_DATE.getTime() && time <= MAX_DATE.getTime();
}

/** A Date (from superjson or a form) within the range the database and JavaScript both hold. */
export const ZBoundedDateSchema = z
  .date({ error: "must be a valid date" })
  .refine(isDateInRange, { ...DATE_RANGE, abort: true });

/** A date or date-time as text or Date (URLs, the CLI, superjson), within the same range. */
export const ZBoundedCoercedDateSchema = z.coerce
  .date({ error: "must be a valid date, e.g. 2026-06-01 or 2026-06-01T00:00:00Z" })
  .refine(isDateInRange, { ...DATE_RANGE, abort: true });

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day `yyyy-MM-dd` that exists (no 2026-13-45, no 31 February) and is in range. */
export const ZIsoDaySchema = z
  .string({ error: "must be a date such as 2026-06-01" })
  .regex(ISO_DAY, { message: "must be a date such as 2026-06-01", abort: true })
  .refine(
    (text) => {
      const date = new Date(`${text}T00:00:00Z`);
      // Date.parse accepts 2026-02-31 (and rolls it into March): the round trip catches it.
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
    },
    { ...codedIssue("notRealDate"), abort: true },
  )
  .refine((text) => isDateInRange(new Date(`${text}T00:00:00Z`)), { ...DATE_RANGE, abort: true });

/** Whole days from `from` to `to`, rounded up. */
export function spanDays(from: Date, to: Date): number {
  return Math.ceil((to.getTime() - from.getTime()) / DAY_MS);
}

export const PERIOD_TOO_LONG_ISSUE = codedIssue("periodTooLong", { max: MAX_PERIOD_DAYS });
export const PERIOD_TOO_LONG = PERIOD_TOO_LONG_ISSUE.message;
export const FROM_BEFORE_TO_ISSUE = codedIssue("fromBeforeTo");

/**
 * Conversion over time's buckets for a period: UTC days, or ISO weeks (Monday to Sunday, UTC).
 * The first starts at or before `from` (the day's midnight, the week's Monday) and the last ends
 * at or after `to`, so either may hold only part of the period.
 */
export interface OverTimeLayout {
  /** Start of the first bucket, in ms since the epoch. */
  startMs: number;
  sizeMs: number;
  count: number;
}

export function overTimeLayout(from: Date, to: Date, bucket: "day" | "week"): OverTimeLayout {
  const sizeMs = (bucket === "day" ? 1 : 7) * DAY_MS;
  const day = Math.floor(from.getTime() / DAY_MS);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is the days since that week's Monday.
  const sinceMonday = bucket === "day" ? 0 : (((day + 3) % 7) + 7) % 7;
  const startMs = (day - sinceMonday) * DAY_MS;
  return { startMs, sizeMs, count: Math.max(1, Math.ceil((to.getTime() - startMs) / sizeMs)) };
}

/** How many buckets conversion over time draws for a period. */
export function overTimeBucketCount(from: Date, to: Date, bucket: "day" | "week"): number {
  return overTimeLayout(from, to, bucket).count;
}

/** The message for a bucket count over the limit, or null when it is within. */
export function overTimeBucketProblem(from: Date, to: Date, bucket: "day" | "week"): string | null {
  const count = overTimeBucketCount(from, to, bucket);
  if (count <= MAX_OVER_TIME_BUCKETS) return null;
  return `this period has ${count} ${bucket} buckets; conversion over time draws at most ${MAX_OVER_TIME_BUCKETS}: choose ${bucket === "day" ? "weeks or " : ""}a shorter period`;
}

/** A cell's customer comments come a page at a time, at most this many (app, share links, CLI). */
export const MAX_LISTED_COMMENTS = 100;
export const ZCommentLimitSchema = z.number().int().min(1).max(MAX_LISTED_COMMENTS).default(20);
