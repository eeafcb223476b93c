import type { TAnalyticsFilter } from "@parcours/validators";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { Catalogue } from "../queries/catalogue";
import { conversionStage, num, type ResolvedFilter, ratio } from "./filter";

/**
 * Touchpoint drivers (docs/metrics.md, "Touchpoint drivers"): per touchpoint, the customers who
 * used it in its stage against those who reached the same stage without it, on conversion and
 * on satisfaction, with a 95% interval of the difference. Association, not causation.
 */

export interface GetDriversParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
}

/** Below this many customers in either group a comparison is shown greyed and never ranked. */
export const MIN_DRIVER_GROUP = 30;
export const DRIVER_CONFIDENCE = 0.95;

export type DriverVerdict = "helps" | "hurts" | "unclear" | "too_few";

/** One group's figures: the customers who used the touchpoint, or those who did not. */
export interface DriverGroup {
  customers: number;
  /** Of them, customers with an event in the conversion stage in the period. */
  converted: number;
  conversionRate: number | null;
  /** Customers with at least one rating in the period. */
  rated: number;
  /** Mean over the rated customers of each one's mean rating. */
  satisfaction: number | null;
}

/** with − without, its 95% interval (null when it cannot be estimated) and both n. */
export interface DriverComparison {
  with: number | null;
  without: number | null;
  nWith: number;
  nWithout: number;
  difference: number | null;
  low: number | null;
  high: number | null;
  /** Both groups hold at least MIN_DRIVER_GROUP customers (rated ones, for satisfaction). */
  sufficient: boolean;
  verdict: DriverVerdict;
}

export interface TouchpointDriver {
  touchpoint: string;
  name: string;
  channel: string;
  /** The catalogue's stage the touchpoint belongs to: the population is that stage's. */
  stage: string;
  with: DriverGroup;
  without: DriverGroup;
  /** Null for touchpoints in the conversion stage or after it (their stage implies it or follows it). */
  conversion: DriverComparison | null;
  satisfaction: DriverComparison;
}

export interface DriverRanking {
  /** Touchpoint keys whose interval lies entirely above 0, largest difference first. */
  helps: string[];
  /** Touchpoint keys whose interval lies entirely below 0, most negative first. */
  hurts: string[];
}

export interface Drivers {
  conversionStage: string;
  minGroup: number;
  confidence: number;
  /** The selected touchpoints in catalogue order (stage, then channel, then key). */
  touchpoints: TouchpointDriver[];
  rankings: { conversion: DriverRanking; satisfaction: DriverRanking };
}

/**
 * Customers with an event in a stage (touchpoint_id 0) or in a cell (touchpoint × stage) in the
 * period, as either engine's SQL returns them: how many, how many converted, how many rated and
 * the sum and sum of squares of the rated customers' mean ratings.
 */
export interface DriverRow {
  touchpoint_id: number | string;
  stage_id: number | string;
  customers: number | string;
  converted: number | string;
  rated: number | string;
  sat_sum: number | string | null;
  sat_sq: number | string | null;
}

interface Counts {
  customers: number;
  converted: number;
  rated: number;
  satSum: number;
  satSq: number;
}

function counts(row: DriverRow | undefined): Counts {
  return {
    customers: num(row?.customers),
    converted: num(row?.converted),
    rated: num(row?.rated),
    satSum: num(row?.sat_sum),
    satSq: num(row?.sat_sq),
  };
}

function minus(a: Counts, b: Counts): Counts {
  return {
    customers: a.customers - b.customers,
    converted: a.converted - b.converted,
    rated: a.rated - b.rated,
    satSum: a.satSum - b.satSum,
    satSq: a.satSq - b.satSq,
  };
}

function group(c: Counts): DriverGroup {
  return {
    customers: c.customers,
    converted: c.converted,
    conversionRate: ratio(c.converted, c.customers),
    rated: c.rated,
    satisfaction: ratio(c.satSum, c.rated),
  };
}

const Z = normalQuantile(1 - (1 - DRIVER_CONFIDENCE) / 2, 0, 1);

/** Wilson's score interval for x successes out of n (n > 0). */
export function wilsonInterval(x: number, n: number, z = Z): [number, number] {
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval (1998, method 10) for p1 − p2 from the two Wilson intervals:
 * it keeps its coverage near 95% for small groups and rates of 0 or 1, where Wald's does not.
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number): [number, number] {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const [l1, u1] = wilsonInterval(x1, n1);
  const [l2, u2] = wilsonInterval(x2, n2);
  const d = p1 - p2;
  return [d - Math.hypot(p1 - l1, u2 - p2), d + Math.hypot(u1 - p1, p2 - l2)];
}

/**
 * Welch's interval for m1 − m2 from each group's n, sum and sum of squares: the standard error
 * from each group's own variance, the t quantile at the Welch–Satterthwaite degrees of freedom.
 * Null below 2 observations in a group or when neither group varies.
 */
export function welchInterval(
  n1: number,
  sum1: number,
  sq1: number,
  n2: number,
  sum2: number,
  sq2: number,
): [number, number] | null {
  if (n1 < 2 || n2 < 2) return null;
  const m1 = sum1 / n1;
  const m2 = sum2 / n2;
  // Sums of squares in floating point can dip a hair below n·m² when every value is equal.
  const v1 = Math.max(0, (sq1 - n1 * m1 * m1) / (n1 - 1)) / n1;
  const v2 = Math.max(0, (sq2 - n2 * m2 * m2) / (n2 - 1)) / n2;
  const se2 = v1 + v2;
  if (se2 <= 1e-12) return null;
  const df = (se2 * se2) / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  const half = tQuantile(1 - (1 - DRIVER_CONFIDENCE) / 2, df) * Math.sqrt(se2);
  const d = m1 - m2;
  return [d - half, d + half];
}

function verdict(sufficient: boolean, interval: [number, number] | null): DriverVerdict {
  if (!sufficient) return "too_few";
  if (!interval) return "unclear";
  if (interval[0] > 0) return "helps";
  if (interval[1] < 0) return "hurts";
  return "unclear";
}

function comparison(
  withValue: number | null,
  withoutValue: number | null,
  nWith: number,
  nWithout: number,
  interval: [number, number] | null,
): DriverComparison {
  const sufficient = nWith >= MIN_DRIVER_GROUP && nWithout >= MIN_DRIVER_GROUP;
  return {
    with: withValue,
    without: withoutValue,
    nWith,
    nWithout,
    difference: withValue !== null && withoutValue !== null ? withValue - withoutValue : null,
    low: interval?.[0] ?? null,
    high: interval?.[1] ?? null,
    sufficient,
    verdict: verdict(sufficient, interval),
  };
}

function ranking(
  drivers: TouchpointDriver[],
  pick: (d: TouchpointDriver) => DriverComparison | null,
): DriverRanking {
  const ranked = (v: DriverVerdict, sign: number) =>
    drivers
      .flatMap((d) => {
        const c = pick(d);
        return c && c.verdict === v ? [{ key: d.touchpoint, diff: c.difference ?? 0 }] : [];
      })
      .sort((a, b) => sign * (b.diff - a.diff) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((r) => r.key);
  return { helps: ranked("helps", 1), hurts: ranked("hurts", -1) };
}

/** The drivers from the stages' and cells' counts. */
export function buildDrivers(f: ResolvedFilter, rows: DriverRow[]): Drivers {
  const conversion = conversionStage(f.catalogue);
  const stagePos = new Map(f.catalogue.stages.map((s, i) => [s.key, i]));
  const stageId = new Map(f.catalogue.stages.map((s) => [s.key, s.id]));
  const conversionPos = stagePos.get(conversion.key) ?? 0;
  const channelPos = new Map(f.catalogue.channels.map((c, i) => [c.key, i]));
  const byKey = new Map(rows.map((r) => [`${num(r.touchpoint_id)}:${num(r.stage_id)}`, r]));
  const channelKeys = f.channelIds
    ? new Set(f.catalogue.channels.filter((c) => f.channelIds?.includes(c.id)).map((c) => c.key))
    : undefined;

  const touchpoints = f.catalogue.touchpoints
    .filter((t) => !f.touchpointIds || f.touchpointIds.includes(t.id))
    .filter((t) => !channelKeys || channelKeys.has(t.channel))
    .filter((t) => stageId.has(t.stage))
    .sort(
      (a, b) =>
        (stagePos.get(a.stage) ?? 0) - (stagePos.get(b.stage) ?? 0) ||
        (channelPos.get(a.channel) ?? 0) - (channelPos.get(b.channel) ?? 0) ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    )
    .map((t): TouchpointDriver => {
      const sid = stageId.get(t.stage) ?? 0;
      const stage = counts(byKey.get(`0:${sid}`));
      const used = counts(byKey.get(`${t.id}:${sid}`));
      const notUsed = minus(stage, used);
      const withGroup = group(used);
      const withoutGroup = group(notUsed);
      const beforeConversion = (stagePos.get(t.stage) ?? 0) < conversionPos;
      return {
        touchpoint: t.key,
        name: t.name,
        channel: t.channel,
        stage: t.stage,
        with: withGroup,
        without: withoutGroup,
        conversion: beforeConversion
          ? comparison(
              withGroup.conversionRate,
              withoutGroup.conversionRate,
              used.customers,
              notUsed.customers,
              used.customers > 0 && notUsed.customers > 0
                ? newcombeInterval(
                    used.converted,
                    used.customers,
                    notUsed.converted,
                    notUsed.customers,
                  )
                : null,
            )
          : null,
        satisfaction: comparison(
          withGroup.satisfaction,
          withoutGroup.satisfaction,
          used.rated,
          notUsed.rated,
          welchInterval(
            used.rated,
            used.satSum,
            used.satSq,
            notUsed.rated,
            notUsed.satSum,
            notUsed.satSq,
          ),
        ),
      };
    });

  return {
    conversionStage: conversion.key,
    minGroup: MIN_DRIVER_GROUP,
    confidence: DRIVER_CONFIDENCE,
    touchpoints,
    rankings: {
      conversion: ranking(touchpoints, (d) => d.conversion),
      satisfaction: ranking(touchpoints, (d) => d.satisfaction),
    },
  };
}
