import { DEFAULT_WINDOW_SECONDS, type TAnalyticsFilter } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import type { Catalogue } from "./catalogue";
import {
  eventFilterSql,
  MIN_RATINGS,
  num,
  numOrNull,
  type ResolvedFilter,
  ratio,
  resolveFilter,
  type Satisfaction,
  satisfaction,
  seconds,
  ts,
} from "./filter";
import { getTouchpointHeatmap, type HeatmapRow, type TouchpointHeatmap } from "./heatmap";

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

export type PainPoint =
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
    };

export interface JourneyMap {
  from: Date;
  to: Date;
  windowSeconds: number;
  stages: JourneyStage[];
  channels: { key: string; name: string }[];
  /** Touchpoint rows, grouped by channel, with one cell per stage (the heatmap's cells). */
  rows: HeatmapRow[];
  painPoints: PainPoint[];
}

export interface GetJourneyMapParams {
  filter: TAnalyticsFilter;
  windowSeconds?: number;
  catalogue?: Catalogue;
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
 * The measured journey map: per stage, customers reached, conversion to the next stage within
 * W, median time to it and satisfaction; per touchpoint × stage cell, the heatmap's reach,
 * satisfaction and next-stage share; and the pain points those numbers show.
 */
export async function getJourneyMap(
  db: Database,
  params: GetJourneyMapParams,
): Promise<JourneyMap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const stages = f.catalogue.stages;
  const W = seconds(windowSeconds);
  const pairs = stages.flatMap((s, i) => {
    const next = stages[i + 1];
    return next ? [sql`(${s.id}::int, ${next.id}::int)`] : [];
  });

  const rows = await queryRows<JourneyStageSqlRow>(
    db,
    sql`
      WITH ev AS (
        SELECT e.customer_id, e.stage_id, e.occurred_at AS t, e.satisfaction,
          e.occurred_at < ${ts(f.to)} AS touch
        FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)} + ${W}
          AND ${eventFilterSql(f)}
      ),
      first_in AS (
        SELECT customer_id, stage_id, min(t) AS first_t,
          sum(satisfaction) AS sat_sum, count(satisfaction) AS sat_n
        FROM ev WHERE touch
        GROUP BY customer_id, stage_id
      ),
      next_hit AS (
        ${
          pairs.length === 0
            ? sql`SELECT NULL::int AS customer_id, NULL::int AS stage_id, NULL::timestamptz AS next_t WHERE false`
            : sql`SELECT f.customer_id, f.stage_id, min(e.t) AS next_t
        FROM first_in f
        JOIN (VALUES ${sql.join(pairs, sql`, `)}) AS m(stage_id, next_id) ON m.stage_id = f.stage_id
        JOIN ev e ON e.customer_id = f.customer_id AND e.stage_id = m.next_id
          AND e.t >= f.first_t AND e.t <= f.first_t + ${W}
        GROUP BY f.customer_id, f.stage_id`
        }
      )
      SELECT f.stage_id,
        count(*)::int AS customers,
        count(n.next_t)::int AS reached_next,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM n.next_t - f.first_t))
          FILTER (WHERE n.next_t IS NOT NULL) AS median_s,
        sum(f.sat_sum)::float8 AS sat_sum,
        sum(f.sat_n)::int AS sat_n
      FROM first_in f
      LEFT JOIN next_hit n ON n.customer_id = f.customer_id AND n.stage_id = f.stage_id
      GROUP BY f.stage_id`,
  );
  const heatmap = await getTouchpointHeatmap(db, {
    filter: params.filter,
    windowSeconds,
    catalogue: f.catalogue,
  });
  return buildJourneyMap(f, windowSeconds, rows, heatmap);
}

/**
 * The pain-point rule (docs/metrics.md): a cell rated below 3 on at least MIN_RATINGS ratings;
 * or a cell touched by at least PAIN_MIN_CUSTOMERS customers whose next-stage share is at least
 * 15 points below its stage's conversion to the next stage. Worst first.
 */
export function findPainPoints(stages: JourneyStage[], rows: HeatmapRow[]): PainPoint[] {
  const stageShare = new Map(stages.map((s) => [s.key, s.conversionToNext]));
  const found: PainPoint[] = [];
  for (const row of rows) {
    for (const cell of row.cells) {
      const mean = cell.satisfaction.mean;
      if (mean !== null && cell.satisfaction.n >= MIN_RATINGS && mean < PAIN_SATISFACTION_BELOW) {
        found.push({
          kind: "low_satisfaction",
          stage: cell.stage,
          touchpoint: cell.touchpoint,
          mean,
          n: cell.satisfaction.n,
        });
      }
      const reference = stageShare.get(cell.stage);
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
        });
      }
    }
  }
  const severity = (p: PainPoint) =>
    p.kind === "low_satisfaction" ? PAIN_SATISFACTION_BELOW - p.mean : p.stageShare - p.share;
  return found.sort((a, b) => severity(b) - severity(a));
}

/** The map from the stages' figures and the heatmap's cells. */
export function buildJourneyMap(
  f: ResolvedFilter,
  windowSeconds: number,
  rows: JourneyStageSqlRow[],
  heatmap: TouchpointHeatmap,
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

  return {
    from: f.from,
    to: f.to,
    windowSeconds,
    stages: journeyStages,
    channels: heatmap.channels,
    rows: heatmap.rows,
    painPoints: findPainPoints(journeyStages, heatmap.rows),
  };
}
