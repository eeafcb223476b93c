import type { TAnalyticsFilter } from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import {
  fromCents,
  MIN_RATINGS,
  num,
  numOrNull,
  type ResolvedFilter,
  ratio,
  type Satisfaction,
  satisfaction,
} from "./filter";
import type { HeatmapRow, TouchpointHeatmap } from "./heatmap";

/** Pain points need this many customers behind a conversion before calling it unusual. */
export const PAIN_MIN_CUSTOMERS = 30;

/** A mean rating below this, on enough ratings (MIN_RATINGS), is a pain point. */
export const PAIN_SATISFACTION_BELOW = 3;

/** A touchpoint whose next-stage share is this far below its stage's is an unusual drop-off. */
export const PAIN_DROP_POINTS = 0.15;

export interface JourneyStage {
  key: string;
  name: string;
  goal: string;
  actions: string[];
  /** Customers with at least one event in this stage during the period. */
  customers: number;
  /** Of those, how many reached the next stage within W of their first event here. */
  reachedNext: number;
  /** reachedNext ÷ customers; null for the last stage or when nobody was here. */
  conversionToNext: number | null;
  /** Median seconds from the first event here to the first in the next stage (converters only). */
  medianSecondsToNext: number | null;
  satisfaction: Satisfaction;
}

/** What a pain point costs (docs/metrics.md, "Pain points"): its impact, by which they are ranked. */
export interface PainPointImpact {
  /**
   * Customers who touched the cell and did not reach the next stage within W, minus those the
   * stage's own conversion would have lost among them: reach × (stage share − cell share), at
   * least 0. Null in the last stage, or when the cell's next-stage share is unknown.
   */
  customersLost: number | null;
  /**
   * customersLost × the average order value of converters (JourneyMap.averageOrderValue): what
   * those customers would have spent had they ordered as converters do. Null when either is unknown.
   */
  revenueAtRisk: number | null;
  /** The same cell in the previous period of the same length; null when not asked for. */
  trend: PainPointTrend | null;
}

/** A pain point's cell in the previous period of the same length (docs/metrics.md). */
export interface PainPointTrend {
  /** Customers lost by the same rule then; null when unknown (nobody touched it, or no share). */
  customersLost: number | null;
  /** The cell's mean rating then (null: no ratings), and its n. */
  mean: number | null;
  n: number;
  /**
   * Whether it was a pain point of the same kind then: false is "new". Null when nobody was in
   * the stage in the previous period (before the data begins): nothing to compare with, so
   * nothing is "new".
   */
  wasPainPoint: boolean | null;
}

export type PainPoint = PainPointImpact &
  (
    | {
        kind: "low_satisfaction";
        stage: string;
        touchpoint: string;
        mean: number;
        n: number;
      }
    | {
        kind: "drop_off";
        stage: string;
        touchpoint: string;
        /** The touchpoint's next-stage share, and its stage's, for the same customers' stage. */
        share: number;
        stageShare: number;
        customers: number;
      }
  );

export interface JourneyMap {
  from: Date;
  to: Date;
  windowSeconds: number;
  stages: JourneyStage[];
  channels: { key: string; name: string }[];
  /** Touchpoint rows, grouped by channel, with one cell per stage (the heatmap's cells). */
  rows: HeatmapRow[];
  painPoints: PainPoint[];
  /**
   * The average order value of converters: revenue of the period's purchase events made by
   * customers who reached the conversion stage in the period ÷ those purchases, after the
   * filters; null when they made none. Revenue at risk is priced with it.
   */
  averageOrderValue: number | null;
  /** The period the pain points' trend compares with, when it was computed. */
  trendPeriod: { from: Date; to: Date } | null;
}

export interface GetJourneyMapParams {
  filter: TAnalyticsFilter;
  windowSeconds?: number;
  catalogue?: Catalogue;
  /** Also compute the previous period of the same length, for each pain point's trend. */
  trend?: boolean;
}

/** The converters' purchases, as either engine's SQL returns them. */
export interface ConverterOrdersSqlRow {
  order_revenue_cents: number | string | null;
  orders: number | string | null;
}

/** The same filter over the period of the same length just before (as the comparison's). */
export function previousPeriodFilter(
  filter: TAnalyticsFilter,
  f: ResolvedFilter,
): TAnalyticsFilter {
  const length = f.to.getTime() - f.from.getTime();
  return { ...filter, from: new Date(f.from.getTime() - length), to: f.from };
}

/** A cell's customers lost beyond its stage's own rate: reach × (stage share − cell share), ≥ 0. */
function cellCustomersLost(
  cell: HeatmapRow["cells"][number],
  stageShare: number | null | undefined,
): number | null {
  return cell.nextStageShare === null || stageShare === null || stageShare === undefined
    ? null
    : Math.max(0, cell.customers * (stageShare - cell.nextStageShare));
}

/** One stage's figures, as either engine's SQL returns them. */
export interface JourneyStageSqlRow {
  stage_id: number;
  customers: number | string;
  reached_next: number | string;
  median_s: number | string | null;
  sat_sum: number | string | null;
  sat_n: number | string;
}

/**
 * The pain-point rule (docs/metrics.md): a cell rated below 3 on at least MIN_RATINGS ratings;
 * or a cell touched by at least PAIN_MIN_CUSTOMERS customers whose next-stage share is at least
 * 15 points below its stage's conversion to the next stage. Ranked by impact: customers lost
 * first (unknown last), then how far below the rule's threshold.
 */
export function findPainPoints(
  stages: JourneyStage[],
  rows: HeatmapRow[],
  averageOrderValue: number | null = null,
): PainPoint[] {
  const stageShare = new Map(stages.map((s) => [s.key, s.conversionToNext]));
  const found: PainPoint[] = [];
  for (const row of rows) {
    for (const cell of row.cells) {
      const reference = stageShare.get(cell.stage);
      const customersLost = cellCustomersLost(cell, reference);
      const revenueAtRisk =
        customersLost === null || averageOrderValue === null
          ? null
          : customersLost * averageOrderValue;
      const mean = cell.satisfaction.mean;
      if (mean !== null && cell.satisfaction.n >= MIN_RATINGS && mean < PAIN_SATISFACTION_BELOW) {
        found.push({
          kind: "low_satisfaction",
          stage: cell.stage,
          touchpoint: cell.touchpoint,
          mean,
          n: cell.satisfaction.n,
          customersLost,
          revenueAtRisk,
          trend: null,
        });
      }
      if (
        cell.nextStageShare !== null &&
        reference !== null &&
        reference !== undefined &&
        cell.customers >= PAIN_MIN_CUSTOMERS &&
        // With a hair of tolerance: 0.60 − 0.45 is 0.1499… in floating point.
        reference - cell.nextStageShare >= PAIN_DROP_POINTS - 1e-9
      ) {
        found.push({
          kind: "drop_off",
          stage: cell.stage,
          touchpoint: cell.touchpoint,
          share: cell.nextStageShare,
          stageShare: reference,
          customers: cell.customers,
          customersLost,
          revenueAtRisk,
          trend: null,
        });
      }
    }
  }
  const severity = (p: PainPoint) =>
    p.kind === "low_satisfaction" ? PAIN_SATISFACTION_BELOW - p.mean : p.stageShare - p.share;
  return found.sort(
    (a, b) => (b.customersLost ?? -1) - (a.customersLost ?? -1) || severity(b) - severity(a),
  );
}

/**
 * Each pain point with its cell in `previous` (the period of the same length just before): the
 * customers lost by the same rule against that period's stage share, the mean rating and n, and
 * whether it was a pain point of the same kind then.
 */
export function withPainPointTrend(map: JourneyMap, previous: JourneyMap): JourneyMap {
  const stageShare = new Map(previous.stages.map((s) => [s.key, s.conversionToNext]));
  const stageCustomers = new Map(previous.stages.map((s) => [s.key, s.customers]));
  const cells = new Map(
    previous.rows.flatMap((r) => r.cells.map((c) => [`${c.touchpoint}:${c.stage}`, c] as const)),
  );
  const was = new Set(previous.painPoints.map((p) => `${p.kind}:${p.touchpoint}:${p.stage}`));
  return {
    ...map,
    trendPeriod: { from: previous.from, to: previous.to },
    painPoints: map.painPoints.map((p) => {
      const cell = cells.get(`${p.touchpoint}:${p.stage}`);
      return {
        ...p,
        trend: {
          customersLost: cell ? cellCustomersLost(cell, stageShare.get(p.stage)) : null,
          mean: cell?.satisfaction.mean ?? null,
          n: cell?.satisfaction.n ?? 0,
          wasPainPoint:
            (stageCustomers.get(p.stage) ?? 0) > 0
              ? was.has(`${p.kind}:${p.touchpoint}:${p.stage}`)
              : null,
        },
      };
    }),
  };
}

/** The average order value of converters from their purchases' sums (null without any). */
export function converterOrderValue(row: ConverterOrdersSqlRow | undefined): number | null {
  const orders = num(row?.orders);
  return orders > 0 ? fromCents(row?.order_revenue_cents) / orders : null;
}

/** The map from the stages' figures, the heatmap's cells and the converters' purchases. */
export function buildJourneyMap(
  f: ResolvedFilter,
  windowSeconds: number,
  rows: JourneyStageSqlRow[],
  heatmap: TouchpointHeatmap,
  orders: ConverterOrdersSqlRow | undefined,
): JourneyMap {
  const stages = f.catalogue.stages;
  const byStage = new Map(rows.map((r) => [r.stage_id, r]));

  const journeyStages: JourneyStage[] = stages.map((s, i) => {
    const r = byStage.get(s.id);
    const customers = num(r?.customers);
    const reachedNext = num(r?.reached_next);
    const last = i === stages.length - 1;
    return {
      key: s.key,
      name: s.name,
      goal: s.goal,
      actions: s.actions,
      customers,
      reachedNext,
      conversionToNext: last ? null : ratio(reachedNext, customers),
      medianSecondsToNext: last ? null : numOrNull(r?.median_s),
      satisfaction: satisfaction(numOrNull(r?.sat_sum), num(r?.sat_n)),
    };
  });

  const averageOrderValue = converterOrderValue(orders);
  return {
    from: f.from,
    to: f.to,
    windowSeconds,
    stages: journeyStages,
    channels: heatmap.channels,
    rows: heatmap.rows,
    painPoints: findPainPoints(journeyStages, heatmap.rows, averageOrderValue),
    averageOrderValue,
    trendPeriod: null,
  };
}
