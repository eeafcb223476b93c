import { DEFAULT_WINDOW_SECONDS } from "@parcours/validators";
import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import type { ResolvedFilter } from "../filter";
import {
  buildHeatmap,
  type GetTouchpointHeatmapParams,
  type HeatmapCellRow,
  type TouchpointHeatmap,
} from "../heatmap";
import { type ClickHouseMetricParams, eventFilter, inPeriod, micros, resolve } from "./filter";

export type ClickHouseHeatmapParams = Omit<GetTouchpointHeatmapParams, "catalogue"> &
  ClickHouseMetricParams;

/** Positions and times share one Int64 key: the time takes the low bits (2^50 µs ≈ 35 years). */
const TIME_BITS = 50n;
/** "No arrival": above every key, and far enough from Int64's limit for the arithmetic. */
const NO_ARRIVAL = 2n ** 62n;

/**
 * The cells each customer touched and, of those, the cells from which the customer reached the
 * next stage within W: columns `touched` and `reached` (arrays of touchpoint_id·2^32 + stage_id).
 *
 * For every event in [from, to + W) an *arrival* key (position of its stage, time, 1), and for
 * every touch in [from, to) whose stage has a next one a *touch* key (position of the next
 * stage, time, 0), sorted together per customer: a touch's next arrival in its block is the
 * first event of the next stage at or after it (a tie sorts the touch first, so u = t counts).
 * Walking the keys backwards, the nearest arrival so far is a running minimum, computed with
 * the same arrayCumSumNonNegative identity as the funnel. Grouping by customer first keeps it
 * correct when events are sharded by customer.
 */
export function reachedCellsSql(f: ResolvedFilter, windowSeconds: number): ChSql {
  const stages = f.catalogue.stages;
  const from = lit.dateUs(f.from);
  const rel = chSql`(occurred_us - ${from})`;
  const W = micros(windowSeconds);
  const touch = chSql`occurred_us < ${lit.dateUs(f.to)}`;
  const position = chSql`transform(stage_id, [${joinSql(
    stages.map((s) => lit.uint(s.id)),
    ", ",
  )}], [${joinSql(
    stages.map((_, i) => lit.uint(i)),
    ", ",
  )}], toUInt64(255))`;
  const withNext = stages.length > 1 ? chSql`pos < ${lit.uint(stages.length - 1)}` : chSql`0`;
  const key = (pos: ChSql, kind: number) =>
    chSql`((toInt64(${pos}) * ${lit.int(2n ** TIME_BITS)} + ${rel}) * 2 + ${lit.int(kind)})`;
  const cell = chSql`toUInt64(touchpoint_id) * 4294967296 + stage_id`;
  const hasNext = chSql`${touch} AND ${withNext}`;
  return chSql`
    SELECT touched,
      arrayDistinct(arrayFilter((c, h) -> h, tc, arrayReverse(arrayFilter((h, k) -> k >= 0
        AND bitAnd(k, 1) = 0, arrayMap((k, u, s) -> (u - s) - k <= 2 * ${W} + 1, rk, u, s), rk))))
        AS reached
    FROM (
      SELECT touched, rk, tc, u, arrayCumSumNonNegative(arrayDifference(u)) AS s
      FROM (
        SELECT touched, rk, tc,
          arrayMap(k -> if(k >= 0 AND bitAnd(k, 1) = 1, k, toInt64(${lit.int(NO_ARRIVAL)})), rk) AS u
        FROM (
          SELECT touched,
            arrayReverse(arrayPushBack(arraySort(arrayConcat(arrivals, touches)), toInt64(-1)))
              AS rk,
            arraySort((c, k) -> k, cells, touches) AS tc
          FROM (
            SELECT customer_id,
              groupUniqArrayIf(${cell}, ${touch}) AS touched,
              groupArray(${key(chSql`pos`, 1)}) AS arrivals,
              groupArrayIf(${key(chSql`pos + 1`, 0)}, ${hasNext}) AS touches,
              groupArrayIf(${cell}, ${hasNext}) AS cells
            FROM (
              SELECT customer_id, occurred_us, touchpoint_id, stage_id, ${position} AS pos
              FROM events
              WHERE occurred_us >= ${from} AND occurred_us < ${lit.dateUs(f.to)} + ${W}
                AND ${eventFilter(f)})
            GROUP BY customer_id))))`;
}

/**
 * Touchpoint × stage matrix: events and ratings per cell from a plain grouping; customers and
 * the next-stage share from one row per customer (reachedCellsSql).
 */
export async function getTouchpointHeatmap(
  ch: ClickHouse,
  params: ClickHouseHeatmapParams,
): Promise<TouchpointHeatmap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = resolve(params);
  const [counts, customers] = await Promise.all([
    ch.query<{
      touchpoint_id: number;
      stage_id: number;
      events: string;
      sat_sum: string | null;
      sat_n: string;
    }>(chSql`
      SELECT touchpoint_id, stage_id, count() AS events,
        sum(satisfaction) AS sat_sum, count(satisfaction) AS sat_n
      FROM events
      WHERE ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
      GROUP BY touchpoint_id, stage_id`),
    ch.query<{ touchpoint_id: number; stage_id: number; customers: string; reached: string }>(chSql`
      SELECT toUInt32(intDiv(cell, 4294967296)) AS touchpoint_id,
        toUInt32(cell % 4294967296) AS stage_id,
        count() AS customers, sum(has(reached, cell)) AS reached
      FROM (${reachedCellsSql(f, windowSeconds)})
      ARRAY JOIN touched AS cell
      GROUP BY cell`),
  ]);
  const byCell = new Map(customers.map((c) => [`${c.touchpoint_id}:${c.stage_id}`, c]));
  const rows: HeatmapCellRow[] = counts.map((c) => {
    const k = byCell.get(`${c.touchpoint_id}:${c.stage_id}`);
    return { ...c, customers: k?.customers ?? 0, reached: k?.reached ?? 0 };
  });
  return buildHeatmap(f, rows, windowSeconds);
}
