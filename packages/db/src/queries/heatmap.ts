import { DEFAULT_WINDOW_SECONDS, type TAnalyticsFilter } from "@parcours/validators";
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import type { Catalogue } from "./catalogue";
import {
  eventFilterSql,
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

export interface GetTouchpointHeatmapParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
  /** W for the next-stage share, in seconds (default 30 days). */
  windowSeconds?: number;
}

export interface HeatmapCell {
  touchpoint: string;
  stage: string;
  events: number;
  customers: number;
  satisfaction: Satisfaction;
  /** Customers who reached the next stage within W after touching this cell. */
  reachedNextStage: number;
  /** reachedNextStage ÷ customers; null for the last stage or an empty cell. */
  nextStageShare: number | null;
}

export interface HeatmapRow {
  touchpoint: string;
  name: string;
  channel: string;
  /** The stage the touchpoint sits in on the map (events may override it). */
  homeStage: string;
  /** One cell per stage, in stage order; empty cells have zero counts. */
  cells: HeatmapCell[];
}

export interface TouchpointHeatmap {
  stages: { key: string; name: string; nextStage: string | null }[];
  channels: { key: string; name: string }[];
  /** Rows grouped by channel (channel key order), then by home stage and key. */
  rows: HeatmapRow[];
  windowSeconds: number;
}

/** Stage id → the id of the stage after it in catalogue order (the last stage has none). */
export function nextStages(stages: { id: number }[]): Map<number, number> {
  const nextOf = new Map<number, number>();
  stages.forEach((stage, i) => {
    const next = stages[i + 1];
    if (next) nextOf.set(stage.id, next.id);
  });
  return nextOf;
}

/**
 * Touchpoint × stage matrix. The next-stage share needs, for each touch, the customer's first
 * event in the following stage at or after it: a running min over the customer's events in
 * reverse time order, one per stage, picked by the touched stage's successor.
 */
export async function getTouchpointHeatmap(
  db: Database,
  params: GetTouchpointHeatmapParams,
): Promise<TouchpointHeatmap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const stages = f.catalogue.stages;
  const W = seconds(windowSeconds);

  const nextOf = nextStages(stages);
  const successors = [...new Set(nextOf.values())];
  const nextTimes: SQL[] = successors.map(
    (id) => sql`min(t) FILTER (WHERE stage_id = ${id}) OVER w AS ${sql.raw(`n${id}`)}`,
  );
  const pickNext: SQL =
    nextOf.size === 0
      ? sql`NULL::timestamptz`
      : sql`CASE stage_id ${sql.join(
          [...nextOf.entries()].map(([from, to]) => sql`WHEN ${from} THEN ${sql.raw(`n${to}`)}`),
          sql` `,
        )} END`;

  const rows = await queryRows<HeatmapCellRow>(
    db,
    sql`
      WITH ev AS (
        SELECT e.customer_id, e.touchpoint_id, e.stage_id, e.occurred_at AS t, e.satisfaction,
          e.occurred_at < ${ts(f.to)} AS touch
        FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)} + ${W}
          AND ${eventFilterSql(f)}
      ),
      nx AS (
        SELECT ev.*${nextTimes.length > 0 ? sql`, ${sql.join(nextTimes, sql`, `)}` : sql``}
        FROM ev
        WINDOW w AS (PARTITION BY customer_id ORDER BY t DESC RANGE UNBOUNDED PRECEDING)
      ),
      per_customer AS (
        SELECT touchpoint_id, stage_id, customer_id,
          count(*) AS events,
          bool_or(${pickNext} - t <= ${W}) AS reached,
          sum(satisfaction) AS sat_sum,
          count(satisfaction) AS sat_n
        FROM nx
        WHERE touch
        GROUP BY touchpoint_id, stage_id, customer_id
      )
      SELECT touchpoint_id, stage_id,
        sum(events)::int AS events,
        count(*)::int AS customers,
        (count(*) FILTER (WHERE reached))::int AS reached,
        sum(sat_sum)::float8 AS sat_sum,
        sum(sat_n)::int AS sat_n
      FROM per_customer
      GROUP BY touchpoint_id, stage_id`,
  );

  return buildHeatmap(f, rows, windowSeconds);
}

/** One cell's counts, as either engine's SQL returns them. */
export interface HeatmapCellRow {
  touchpoint_id: number;
  stage_id: number;
  events: number | string;
  customers: number | string;
  reached: number | string;
  sat_sum: number | string | null;
  sat_n: number | string;
}

/** The matrix from the cells' counts: every selected touchpoint × every stage, in map order. */
export function buildHeatmap(
  f: ResolvedFilter,
  rows: HeatmapCellRow[],
  windowSeconds: number,
): TouchpointHeatmap {
  const stages = f.catalogue.stages;
  const nextOf = nextStages(stages);
  const byCell = new Map(rows.map((r) => [`${r.touchpoint_id}:${r.stage_id}`, r]));
  const channelOrder = new Map(f.catalogue.channels.map((c, i) => [c.key, i]));
  const stagePos = new Map(stages.map((s, i) => [s.key, i]));
  const touchpoints = f.touchpointIds
    ? f.catalogue.touchpoints.filter((t) => f.touchpointIds?.includes(t.id))
    : f.catalogue.touchpoints;
  const channelKeys = f.channelIds
    ? new Set(f.catalogue.channels.filter((c) => f.channelIds?.includes(c.id)).map((c) => c.key))
    : undefined;

  const heatmapRows = touchpoints
    .filter((t) => !channelKeys || channelKeys.has(t.channel))
    .sort(
      (a, b) =>
        (channelOrder.get(a.channel) ?? 0) - (channelOrder.get(b.channel) ?? 0) ||
        (stagePos.get(a.stage) ?? 0) - (stagePos.get(b.stage) ?? 0) ||
        a.key.localeCompare(b.key),
    )
    .map(
      (t): HeatmapRow => ({
        touchpoint: t.key,
        name: t.name,
        channel: t.channel,
        homeStage: t.stage,
        cells: stages.map((stage): HeatmapCell => {
          const row = byCell.get(`${t.id}:${stage.id}`);
          const customers = num(row?.customers);
          const reached = num(row?.reached);
          const isLast = !nextOf.has(stage.id);
          return {
            touchpoint: t.key,
            stage: stage.key,
            events: num(row?.events),
            customers,
            satisfaction: satisfaction(numOrNull(row?.sat_sum), num(row?.sat_n)),
            reachedNextStage: reached,
            nextStageShare: isLast ? null : ratio(reached, customers),
          };
        }),
      }),
    );

  return {
    stages: stages.map((s, i) => ({
      key: s.key,
      name: s.name,
      nextStage: stages[i + 1]?.key ?? null,
    })),
    channels: f.catalogue.channels
      .filter((c) => !channelKeys || channelKeys.has(c.key))
      .map((c) => ({ key: c.key, name: c.name })),
    rows: heatmapRows,
    windowSeconds,
  };
}
