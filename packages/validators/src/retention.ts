import { z } from "zod";
import { ZAnalyticsFilterSchema } from "./analytics";
import { DAY_MS } from "./limits";

/**
 * Retention by cohort of first purchase (docs/metrics.md): cohorts are ISO weeks (Monday 00:00
 * UTC) or calendar months (UTC), and the periods since first purchase are the calendar weeks or
 * months after the cohort's own.
 */
export const RETENTION_COHORTS = ["week", "month"] as const;
export const ZRetentionCohortSchema = z.enum(RETENTION_COHORTS);
export type TRetentionCohort = z.infer<typeof ZRetentionCohortSchema>;

/** What counts as coming back: any event, or another purchase. */
export const RETENTION_MODES = ["any", "purchase"] as const;
export const ZRetentionModeSchema = z.enum(RETENTION_MODES);
export type TRetentionMode = z.infer<typeof ZRetentionModeSchema>;

/** Periods after the cohort's own shown by default, and at most. */
export const DEFAULT_RETENTION_PERIODS = 12;
export const MAX_RETENTION_PERIODS = 52;
/** Cohort rows at most: ten years of months, or about two years and four months of weeks. */
export const MAX_RETENTION_COHORTS = 120;

const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday: its ISO week began three days before the epoch. */
const WEEK_OFFSET_MS = 3 * DAY_MS;

/**
 * The week or month holding `date`, as a number that counts weeks (from the Monday before the
 * epoch) or months (year × 12 + month − 1): consecutive periods have consecutive numbers, so a
 * period's distance from the cohort is a subtraction. Both engines' SQL computes the same.
 */
export function retentionIndex(date: Date, cohort: TRetentionCohort): number {
  if (cohort === "week") return Math.floor((date.getTime() + WEEK_OFFSET_MS) / WEEK_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The first instant of the week or month numbered `index` (retentionIndex's inverse). */
export function retentionPeriodStart(index: number, cohort: TRetentionCohort): Date {
  if (cohort === "week") return new Date(index * WEEK_MS - WEEK_OFFSET_MS);
  return new Date(Date.UTC(Math.floor(index / 12), ((index % 12) + 12) % 12, 1));
}

/** The cohorts a period holds: the first and last index (the last holds `to`'s previous instant). */
export function retentionCohortRange(
  from: Date,
  to: Date,
  cohort: TRetentionCohort,
): { first: number; last: number; count: number } {
  const first = retentionIndex(from, cohort);
  const last = retentionIndex(new Date(to.getTime() - 1), cohort);
  return { first, last, count: last - first + 1 };
}

/** The message for a period with too many cohorts, or null when it is within the limit. */
export function retentionCohortProblem(
  from: Date,
  to: Date,
  cohort: TRetentionCohort,
): string | null {
  const { count } = retentionCohortRange(from, to, cohort);
  if (count <= MAX_RETENTION_COHORTS) return null;
  return `this period has ${count} ${cohort} cohorts; retention shows at most ${MAX_RETENTION_COHORTS}: choose ${cohort === "week" ? "months or " : ""}a shorter period`;
}

export const ZRetentionParamsSchema = z
  .object({
    filter: ZAnalyticsFilterSchema,
    cohort: ZRetentionCohortSchema.default("week"),
    mode: ZRetentionModeSchema.default("any"),
    periods: z
      .number()
      .int()
      .min(1, "retention follows at least 1 period")
      .max(MAX_RETENTION_PERIODS, `retention follows at most ${MAX_RETENTION_PERIODS} periods`)
      .default(DEFAULT_RETENTION_PERIODS),
  })
  .superRefine((input, ctx) => {
    const problem = retentionCohortProblem(input.filter.from, input.filter.to, input.cohort);
    if (problem) ctx.addIssue({ code: "custom", path: ["cohort"], message: problem });
  });
export type TRetentionParams = z.input<typeof ZRetentionParamsSchema>;
