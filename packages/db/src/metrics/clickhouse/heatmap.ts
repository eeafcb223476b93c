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
import {
  type ClickHouseMetricParams,
  eventFilter,
  inPeriod,
  micros,
  PER_CUSTOMER_SETTINGS,
  resolve,
} from "./filter";

export type ClickHouseHeatmapParams = Omit<GetTouchpointHeatmapParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * Keys stay below 2^61 and "no arrival" is 2^62: the nearest arrival minus a touch's key is then
 * either an exact difference or above every threshold, with no Int64 overflow on the way.
 */
const KEY_BITS = 61n;
const NO_ARRIVAL = 2n ** 62n;

function bitLength(n: bigint): bigint {
  return n <= 0n ? 0n : BigInt(n.toString(2).length);
}

/**
 * Per cell, the customers who reached the next stage within W after touching it: rows of
 * `block` (1 + the cell's stage position), `tp` (the touchpoint's index in the catalogue) and
 * `reached`; null when no cell has a next stage.
 *
 * Each event in [from, to + W) yields an *arrival* key (its stage's position, time, 1), and each
 * touch in [from, to) whose stage has a next one a *touch* key (the next stage's position, time,
 * 0, then the touchpoint's index in the lowest bits when they fit): one Int64 per key, made in
 * the pipeline (arrayJoin), gathered and sorted once per customer. A touch's next arrival in its
 * block is then the first arrival key after it (a tie sorts the touch first, so u = t counts):
 * walking the keys backwards, a running minimum, computed with the same
 * arrayCumSumNonNegative identity as the funnel. Blocks are 2^T apart in time with
 * 2^T > to − from + 2W, so an arrival in a later block is never within W. When the period, the
 * stages and the touchpoints need more than 61 bits, the touchpoint index travels in a second
 * array sorted by the same keys. Grouping by customer first keeps it correct when events are
 * sharded by customer.
 */
export function reachedCellsSql(
  f: ResolvedFilter,
  windowSeconds: number,
  options: { packCells?: boolean } = {},
): ChSql | null {
  const stages = f.catalogue.stages;
  const touchpoints = f.catalogue.touchpoints;
  if (stages.length < 2 || touchpoints.length === 0) return null;
  const span = BigInt(f.to.getTime() - f.from.getTime()) * 1000n;
  const windowUs = BigInt(Math.round(windowSeconds * 1e6));
  const T = bitLength(span + 2n * windowUs);
  const C = bitLength(BigInt(touchpoints.length - 1));
  const P = bitLength(BigInt(stages.length - 1));
  const packed = (options.packCells ?? true) && P + T + 1n + C <= KEY_BITS;
  if (P + T + 1n > KEY_BITS) {
    // Out of reach of the validated filters (10 years, a window of a year, 50 stages: 56 bits).
    throw new RangeError("the heatmap's period and window are too long for its sort keys");
  }
  const cellBits = packed ? C : 0n;
  const from = lit.dateUs(f.from);
  const rel = chSql`(occurred_us - ${from})`;
  const position = chSql`transform(stage_id, [${idList(stages)}], [${indexList(stages)}], toUInt64(255))`;
  const tpIndex = chSql`transform(touchpoint_id, [${idList(touchpoints)}], [${indexList(
    touchpoints,
  )}], toUInt64(${lit.uint(touchpoints.length)}))`;
  const key = (block: ChSql, kind: bigint) =>
    chSql`bitShiftLeft((toInt64(${block}) * ${lit.int(2n ** T)} + ${rel}) * 2 + ${lit.int(kind)}, ${lit.uint(Number(cellBits))})`;
  const isArrival = chSql`pos >= 1 AND pos < ${lit.uint(stages.length)}`;
  const isTouch = chSql`occurred_us < ${lit.dateUs(f.to)} AND pos < ${lit.uint(stages.length - 1)}
    AND tp < ${lit.uint(touchpoints.length)}`;
  // Within W of the nearest arrival: (2(u − t) + 1)·2^C − tp ≤ (2W + 1)·2^C.
  const threshold = lit.int((2n * windowUs + 1n) * 2n ** cellBits);
  const kindBit = lit.int(2n ** cellBits);
  const timeShift = lit.uint(Number(T + 1n + cellBits));
  const perEvent = chSql`
    SELECT customer_id, occurred_us, ${position} AS pos, ${tpIndex} AS tp
    FROM events
    WHERE occurred_us >= ${from} AND occurred_us < ${lit.dateUs(f.to)} + ${micros(windowSeconds)}
      AND ${eventFilter(f)}`;
  const arrivalKey = key(chSql`pos`, 1n);
  const touchKey = key(chSql`pos + 1`, 0n);
  // Keys are made per event in the pipeline, where an array function costs far less than on
  // the arrays a GROUP BY hands on (docs/benchmarks.md).
  const perCustomer = packed
    ? chSql`
      SELECT arrayReverse(arraySort(groupArray(k))) AS rk
      FROM (
        SELECT customer_id, arrayJoin(arrayConcat(
          if(${isArrival}, [${arrivalKey}], emptyArrayInt64()),
          if(${isTouch}, [${touchKey} + toInt64(tp)], emptyArrayInt64()))) AS k
        FROM (${perEvent}))
      GROUP BY customer_id`
    : chSql`
      SELECT arrayReverse(arraySort(groupArray(k))) AS rk,
        arrayReverse(arraySort((c, k) -> k, groupArray(c), groupArray(k))) AS rc
      FROM (
        SELECT customer_id, arrayJoin(arrayFilter((kc, keep) -> keep,
            [(${arrivalKey}, toUInt64(0)), (${touchKey}, toUInt64(tp))],
            [${isArrival}, ${isTouch}])) AS kc,
          tupleElement(kc, 1) AS k, tupleElement(kc, 2) AS c
        FROM (${perEvent}))
      GROUP BY customer_id`;
  // A touch whose nearest arrival (m) lies within W; its cell as block · 2^32 + tp.
  const reaching = chSql`bitAnd(k, ${kindBit}) = 0 AND m - k <= ${threshold}`;
  const cells = packed
    ? chSql`arrayMap(k -> bitShiftRight(k, ${timeShift}) * 4294967296
        + bitAnd(k, ${lit.int(2n ** cellBits - 1n)}), arrayFilter((k, m) -> ${reaching}, rk, m))`
    : chSql`arrayMap((c, k) -> bitShiftRight(k, ${timeShift}) * 4294967296 + c,
        arrayFilter((c, k, m) -> ${reaching}, rc, rk, m), arrayFilter((k, m) -> ${reaching}, rk, m))`;
  const carried = packed ? chSql`rk` : chSql`rk, rc`;
  return chSql`
    SELECT intDiv(cell, 4294967296) AS block, cell % 4294967296 AS tp, count() AS reached
    FROM (
      SELECT arrayDistinct(${cells}) AS cells
      FROM (
        SELECT ${carried}, arrayMap((u, s) -> u - s, u, arrayCumSumNonNegative(arrayDifference(u))) AS m
        FROM (
          SELECT ${carried}, arrayMap(k -> if(bitAnd(k, ${kindBit}) != 0, k, toInt64(${lit.int(
            NO_ARRIVAL,
          )})), rk) AS u
          FROM (${perCustomer}))))
    ARRAY JOIN cells AS cell
    GROUP BY cell
    ${PER_CUSTOMER_SETTINGS}`;
}

function idList(items: readonly { id: number }[]): ChSql {
  return joinSql(
    items.map((item) => lit.uint(item.id)),
    ", ",
  );
}

function indexList(items: readonly unknown[]): ChSql {
  return joinSql(
    items.map((_, i) => lit.uint(i)),
    ", ",
  );
}

/**
 * Touchpoint × stage matrix: events, ratings and unique customers per cell from a plain
 * grouping; the next-stage share from one row per customer (reachedCellsSql).
 */
export async function getTouchpointHeatmap(
  ch: ClickHouse,
  params: ClickHouseHeatmapParams,
  options: { packCells?: boolean } = {},
): Promise<TouchpointHeatmap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = resolve(params);
  const reachedSql = reachedCellsSql(f, windowSeconds, options);
  const [counts, reached] = await Promise.all([
    ch.query<{
      touchpoint_id: number;
      stage_id: number;
      events: string;
      customers: string;
      sat_sum: string | null;
      sat_n: string;
    }>(chSql`
      SELECT touchpoint_id, stage_id, count() AS events, uniqExact(customer_id) AS customers,
        sum(satisfaction) AS sat_sum, count(satisfaction) AS sat_n
      FROM events
      WHERE ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
      GROUP BY touchpoint_id, stage_id`),
    reachedSql
      ? ch.query<{ block: number | string; tp: number | string; reached: string }>(reachedSql)
      : Promise.resolve([]),
  ]);
  const { stages, touchpoints } = f.catalogue;
  const byCell = new Map<string, string>();
  for (const r of reached) {
    const stage = stages[Number(r.block) - 1];
    const touchpoint = touchpoints[Number(r.tp)];
    if (stage && touchpoint) byCell.set(`${touchpoint.id}:${stage.id}`, r.reached);
  }
  const rows: HeatmapCellRow[] = counts.map((c) => ({
    ...c,
    reached: byCell.get(`${c.touchpoint_id}:${c.stage_id}`) ?? 0,
  }));
  return buildHeatmap(f, rows, windowSeconds);
}
