import type { TPeriodPreset } from "./search-params";

const DAY_MS = 24 * 60 * 60 * 1000;
const PRESET_DAYS: Record<Exclude<TPeriodPreset, "custom">, number> = {
  "7d": 7,
  "30d": 30,
  "90d": 90,
  "180d": 180,
};

export interface TPeriod {
  /** Start of the first day, 00:00 UTC: the API's inclusive `from`. */
  from: Date;
  /** Start of the day after the last one: the API's exclusive `to`. */
  to: Date;
  /** The first and last days shown to people (inclusive), at 00:00 UTC. */
  firstDay: Date;
  lastDay: Date;
}

export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** yyyy-MM-dd of a UTC day. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function periodDays(period: TPeriod): number {
  return Math.round((period.to.getTime() - period.from.getTime()) / DAY_MS);
}

/**
 * Presets are the last N days including today (UTC). A custom period takes its days from the
 * URL; a missing bound falls back to the 30 days ending at the other one (or today), and
 * reversed bounds are swapped rather than rejected.
 */
export function resolvePeriod(
  preset: TPeriodPreset,
  customFrom: Date | null,
  customTo: Date | null,
  now: Date = new Date(),
): TPeriod {
  const today = startOfUtcDay(now);
  let firstDay: Date;
  let lastDay: Date;
  if (preset === "custom") {
    lastDay = customTo ? startOfUtcDay(customTo) : today;
    firstDay = customFrom ? startOfUtcDay(customFrom) : addDays(lastDay, -(PRESET_DAYS["30d"] - 1));
    if (firstDay.getTime() > lastDay.getTime()) [firstDay, lastDay] = [lastDay, firstDay];
  } else {
    lastDay = today;
    firstDay = addDays(today, -(PRESET_DAYS[preset] - 1));
  }
  return { from: firstDay, to: addDays(lastDay, 1), firstDay, lastDay };
}

export type TPeriodProblem =
  | { kind: "notADate"; field: "from" | "to"; text: string }
  | { kind: "reversed"; from: Date; to: Date };

/**
 * What is wrong with a custom period as the URL spells it (`raw`: the parameters' text, since
 * the parsed filters hold null for a date that does not parse). The page keeps the dates as
 * written and shows these next to them; `resolvePeriod` says what is measured meanwhile.
 */
export function periodProblems(
  preset: TPeriodPreset,
  customFrom: Date | null,
  customTo: Date | null,
  raw: { from: string | null; to: string | null },
): TPeriodProblem[] {
  if (preset !== "custom") return [];
  const problems: TPeriodProblem[] = [];
  for (const field of ["from", "to"] as const) {
    const text = raw[field];
    const parsed = field === "from" ? customFrom : customTo;
    if (text !== null && !parsed) {
      problems.push({ kind: "notADate", field, text });
    }
  }
  if (customFrom && customTo && startOfUtcDay(customFrom) > startOfUtcDay(customTo)) {
    problems.push({ kind: "reversed", from: customFrom, to: customTo });
  }
  return problems;
}
