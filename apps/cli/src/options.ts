import type { InterchangeFormat } from "@parcours/db/interchange";
import {
  MAX_BREAKDOWN_TOP,
  MAX_WINDOW_SECONDS,
  parseBreakdown,
  parseDuration,
  parseFunnelStep,
  type TAnalyticsFilter,
  type TBreakdown,
  type TFunnelStep,
  withStepExclusions,
  ZAnalyticsFilterSchema,
} from "@parcours/validators";
import { z } from "zod";
import { UsageError } from "./context";

/** Repeated and comma-separated values: `--persona a --persona b,c`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

export interface FilterOptions {
  from?: string;
  to?: string;
  persona?: string[];
  channel?: string[];
  /** --in-cohort: a cohort's id (parcours cohorts list). */
  inCohort?: string;
}

// A date, or a date-time with an optional offset (UTC when absent, so that a command gives the
// same answer on every machine); `new Date` alone would also take "1" or "June 1".
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ]((?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

const ZCliInstantSchema = z.string().transform((text, ctx) => {
  const [, day = "", time, offset] = ISO_INSTANT.exec(text.trim()) ?? [];
  const date = new Date(time ? `${day}T${time}${normalizeOffset(offset)}` : `${day}T00:00:00Z`);
  if (!isCalendarDay(day) || Number.isNaN(date.getTime())) {
    ctx.addIssue({
      code: "custom",
      message: "is not an ISO 8601 date; use e.g. 2026-06-01 or 2026-06-01T08:00:00+02:00",
    });
    return z.NEVER;
  }
  return date;
});

function normalizeOffset(offset: string | undefined): string {
  if (!offset || offset.toUpperCase() === "Z") return "Z";
  return offset.includes(":") ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/** Date rolls 2026-02-30 over to March 2: a day that does not exist is a typo. */
function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

export function parseDate(text: string | undefined, name: string): Date {
  if (text === undefined)
    throw new UsageError(`--${name} is required (an ISO date such as 2026-06-01)`);
  const parsed = ZCliInstantSchema.safeParse(text);
  if (!parsed.success) {
    throw new UsageError(
      `--${name} "${text}" ${parsed.error.issues[0]?.message ?? "is not a date"}`,
    );
  }
  return parsed.data;
}

const FLAG_FOR: Record<string, string> = { personas: "persona", channels: "channel" };

function cohortId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1) {
    throw new UsageError(`--in-cohort "${text}" is not a cohort id (see parcours cohorts list)`);
  }
  return id;
}

export function parseFilter(options: FilterOptions): TAnalyticsFilter {
  const from = parseDate(options.from, "from");
  const to = parseDate(options.to, "to");
  if (from.getTime() >= to.getTime()) throw new UsageError("--from must be before --to");
  const input = {
    from,
    to,
    ...(options.persona?.length ? { personas: options.persona } : {}),
    ...(options.channel?.length ? { channels: options.channel } : {}),
    ...(options.inCohort === undefined ? {} : { cohort: cohortId(options.inCohort) }),
  };
  const parsed = ZAnalyticsFilterSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.map((issue) => {
    const [field, index] = issue.path;
    const flag = FLAG_FOR[String(field)] ?? String(field);
    const list = field === "personas" ? options.persona : options.channel;
    const value = typeof index === "number" ? list?.[index] : undefined;
    return `--${flag}${value === undefined ? "" : ` "${value}"`}: ${issue.message}`;
  });
  throw new UsageError(messages.join("; "));
}

export function parseSteps(text: string | undefined): TFunnelStep[] {
  const parts = (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length < 2 || parts.length > 10) {
    throw new UsageError(
      `--steps needs 2 to 10 comma-separated steps (got ${parts.length}), e.g. discovery,consideration,touchpoint:web_checkout@purchase`,
    );
  }
  return parts.map((part) => {
    try {
      return parseFunnelStep(part);
    } catch {
      throw new UsageError(
        `--steps: "${part}" is not a step; use a stage key, or touchpoint:KEY, optionally followed by @type`,
      );
    }
  });
}

/** `--exclude STEP:TOUCHPOINT` or `STEP:@TYPE`, repeated: what must not happen before a step. */
export function parseExclusions(steps: TFunnelStep[], specs: string[] | undefined): TFunnelStep[] {
  try {
    return withStepExclusions(steps, specs ?? []);
  } catch (error) {
    throw new UsageError(`--exclude ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function parseWindow(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let seconds: number;
  try {
    seconds = parseDuration(text);
  } catch {
    throw new UsageError(`--window "${text}" is not a duration; use e.g. 30d, 12h, 90m or 3600`);
  }
  if (seconds <= 0 || seconds > MAX_WINDOW_SECONDS) {
    throw new UsageError(`--window "${text}" must be more than 0 and at most 365d`);
  }
  return seconds;
}

export function parseFormat(text: string): InterchangeFormat {
  if (text === "csv" || text === "ndjson") return text;
  throw new UsageError(`--format must be csv or ndjson, not "${text}"`);
}

/** `--breakdown persona|attribute:KEY|property:KEY` with `--top N` (1–20, default 5). */
export function parseBreakdownOption(
  text: string | undefined,
  top: string | undefined,
): TBreakdown | undefined {
  if (text === undefined) {
    if (top !== undefined) throw new UsageError("--top goes with --breakdown attribute:KEY");
    return undefined;
  }
  const n = top === undefined ? undefined : Number(top);
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > MAX_BREAKDOWN_TOP)) {
    throw new UsageError(`--top must be a whole number from 1 to ${MAX_BREAKDOWN_TOP}`);
  }
  if (text === "persona" && n !== undefined) {
    throw new UsageError("--top goes with attribute:KEY or property:KEY, not persona");
  }
  try {
    return parseBreakdown(text, n);
  } catch {
    throw new UsageError(
      `--breakdown "${text}" is not a breakdown; use persona, attribute:KEY or property:KEY`,
    );
  }
}
