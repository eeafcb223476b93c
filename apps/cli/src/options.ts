import {
  parseDuration,
  parseFunnelStep,
  type TAnalyticsFilter,
  ZAnalyticsFilterSchema,
} from "@parcours/validators";
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
}

export function parseDate(text: string | undefined, name: string): Date {
  if (!text) throw new UsageError(`--${name} is required (an ISO date such as 2026-06-01)`);
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--${name} "${text}" is not a date; use ISO 8601, e.g. 2026-06-01 or 2026-06-01T00:00:00Z`,
    );
  }
  return date;
}

export function parseFilter(options: FilterOptions): TAnalyticsFilter {
  const from = parseDate(options.from, "from");
  const to = parseDate(options.to, "to");
  if (from.getTime() >= to.getTime()) throw new UsageError("--from must be before --to");
  return ZAnalyticsFilterSchema.parse({
    from,
    to,
    ...(options.persona?.length ? { personas: options.persona } : {}),
    ...(options.channel?.length ? { channels: options.channel } : {}),
  });
}

export function parseSteps(text: string | undefined) {
  const parts = (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length < 2 || parts.length > 10) {
    throw new UsageError(
      "--steps needs 2 to 10 comma-separated steps, e.g. discovery,consideration,purchase",
    );
  }
  return parts.map((part) => {
    try {
      return parseFunnelStep(part);
    } catch {
      throw new UsageError(
        `"${part}" is not a step: use a stage key, touchpoint:KEY, optionally @type`,
      );
    }
  });
}

export function parseWindow(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    const seconds = parseDuration(text);
    if (seconds <= 0) throw new Error("zero");
    return seconds;
  } catch {
    throw new UsageError(`--window "${text}" is not a duration; use e.g. 30d, 12h or 3600`);
  }
}
