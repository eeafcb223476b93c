import { formatFunnelStep, type TFunnelStep } from "@parcours/validators";

/**
 * Time to convert as a distribution (docs/metrics.md, "Time to each step"): per step after the
 * first, how many of the step's customers took how long from their entry, in bins that suit the
 * window W. Both engines count the same per-customer times as the funnel's median and p90 (the
 * fastest valid chain); only the binning is shared, here.
 */
export type FunnelTimeUnit = "hour" | "day" | "week";

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export interface FunnelTimeLayout {
  unit: FunnelTimeUnit;
  binSeconds: number;
  /** Bins from 0 to W: the last one may be shorter, and holds W itself. */
  count: number;
}

/** Hours for a window of up to 2 days, days up to 60 days, weeks beyond (at most 53 bins). */
export function funnelTimeLayout(windowSeconds: number): FunnelTimeLayout {
  const [unit, binSeconds]: [FunnelTimeUnit, number] =
    windowSeconds <= 2 * DAY
      ? ["hour", HOUR]
      : windowSeconds <= 60 * DAY
        ? ["day", DAY]
        : ["week", WEEK];
  return { unit, binSeconds, count: Math.max(1, Math.ceil(windowSeconds / binSeconds)) };
}

/** The bin of a time in microseconds (never negative, at most W): floor(t / bin), W in the last. */
export function funnelTimeBin(micros: number, layout: FunnelTimeLayout): number {
  return Math.min(Math.floor(micros / (layout.binSeconds * 1e6)), layout.count - 1);
}

export interface FunnelTimeBinCount {
  /** Lower edge, inclusive, in seconds after the customer's entry. */
  fromSeconds: number;
  /** Upper edge in seconds: exclusive, except the last bin's, which is W and inclusive. */
  toSeconds: number;
  customers: number;
}

export interface FunnelTimeStep {
  key: string;
  step: TFunnelStep;
  /** 0-based index of the step in the funnel (1 or more: the first step takes no time). */
  index: number;
  /** The step's count: every customer who reached it is in exactly one bin. */
  customers: number;
  bins: FunnelTimeBinCount[];
}

export interface FunnelTimes {
  windowSeconds: number;
  unit: FunnelTimeUnit;
  binSeconds: number;
  /** The steps after the first, in order. */
  steps: FunnelTimeStep[];
}

/** The answer from per-step bin counts (`counts[k - 1][bin]` for step k ≥ 1). */
export function buildFunnelTimes(
  steps: TFunnelStep[],
  windowSeconds: number,
  layout: FunnelTimeLayout,
  counts: number[][],
): FunnelTimes {
  return {
    windowSeconds,
    unit: layout.unit,
    binSeconds: layout.binSeconds,
    steps: steps.slice(1).map((step, i) => {
      const row = counts[i] ?? [];
      const bins = Array.from({ length: layout.count }, (_, b) => ({
        fromSeconds: b * layout.binSeconds,
        toSeconds: Math.min((b + 1) * layout.binSeconds, windowSeconds),
        customers: row[b] ?? 0,
      }));
      return {
        key: formatFunnelStep(step),
        step,
        index: i + 1,
        customers: bins.reduce((sum, b) => sum + b.customers, 0),
        bins,
      };
    }),
  };
}
