/**
 * A page's period as its URL names it (`?period=90d`, or `custom` with `from` and `to`) and the
 * dates it stands for. The web app's filters and the browser tests that check them both use
 * these, so that the tests ask the API for exactly what a page asks for.
 */
export const PERIOD_PRESETS = ["7d", "30d", "90d", "180d", "custom"] as const;
export type TPeriodPreset = (typeof PERIOD_PRESETS)[number];
export const DEFAULT_PERIOD: TPeriodPreset = "30d";

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
