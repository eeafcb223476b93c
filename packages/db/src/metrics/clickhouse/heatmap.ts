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
 * Per cell, its customers and those who reached the next stage within W after touching it: rows
 * of `block` (1 + the cell's stage position), `tp` (the touchpoint's index in the catalogue),
 * `customers` and `reached`; null when the catalogue has no cell.
 *
 * Each event in [from, to + W) whose stage has one before it yields an *arrival* key (its
 * stage's position, time, 1), and each touch in [from, to) a *touch* key (its stage's position
 * + 1, time, 0, then the touchpoint's index in the lowest bits when they fit): one Int64 per key,
 * made in the pipeline (arrayJoin), gathered and sorted once per customer. The touch keys give
 * the customer's cells (the unique counts, without a second pass over the events, and with the
 * same filters); a touch's next arrival in its
 * block is then the first arrival key after it (a tie sorts the touch first, so u = t counts):
 * walking the keys backwards, a running minimum, computed with the same
 * arrayCumSumNonNegative identity as the funnel. Blocks are 2^T apart in time with
 * 2^T > to − from + 2W, so an arrival in a later block is never within W. When the period, the
 * stages and the touchpoints need more than 61 bits, the touchpoint index travels in a second
 * array sorted by the same keys. Grouping by customer first keeps it correct when events are
 * sharded by customer.
 */
export function cellCustomersSql(
  f: ResolvedFilter,
  windowSeconds: number,
  options: { packCells?: boolean } = {},
): ChSql | null {
  const stages = f.catalogue.stages;
  const touchpoints = f.catalogue.touchpoints;
  if (stages.length === 0 || touchpoints.length === 0) return null;
  const span = BigInt(f.to.getTime() - f.from.getTime()) * 1000n;
  const windowUs = BigInt(Math.round(windowSeconds * 1e6));
  const T = bitLength(span + 2n * windowUs);
  const C = bitLength(BigInt(touchpoints.length - 1));
  const P = bitLength(BigInt(stages.length));
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
  const isTouch = chSql`occurred_us < ${lit.dateUs(f.to)} AND pos < ${lit.uint(stages.length)}
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
  // A touch (kind bit 0), and a touch whose nearest arrival (m) lies within W; cells are
  // block · 2^32 + tp.
  const touch = chSql`bitAnd(k, ${kindBit}) = 0`;
  const reaching = chSql`${touch} AND m - k <= ${threshold}`;
  const cellsOf = (condition: ChSql, withM: boolean) => {
    const args = withM ? chSql`, m` : chSql``;
    const params = withM ? chSql`, m` : chSql``;
    return packed
      ? chSql`arrayDistinct(arrayMap(k -> bitShiftRight(k, ${timeShift}) * 4294967296
          + bitAnd(k, ${lit.int(2n ** cellBits - 1n)}), arrayFilter((k${params}) -> ${condition}, rk${args})))`
      : chSql`arrayDistinct(arrayMap((c, k) -> bitShiftRight(k, ${timeShift}) * 4294967296 + c,
          arrayFilter((c, k${params}) -> ${condition}, rc, rk${args}),
          arrayFilter((k${params}) -> ${condition}, rk${args})))`;
  };
  const carried = packed ? chSql`rk` : chSql`rk, rc`;
  return chSql`
    SELECT intDiv(cell, 4294967296) AS block, cell % 4294967296 AS tp, count() AS customers,
      sum(has(reached_cells, cell)) AS reached
    FROM (
      SELECT ${cellsOf(touch, false)} AS touched, ${cellsOf(reaching, true)} AS reached_cells
      FROM (
        SELECT ${carried}, arrayMap((u, s) -> u - s, u, arrayCumSumNonNegative(arrayDifference(u))) AS m
        FROM (
          SELECT ${carried}, arrayMap(k -> if(bitAnd(k, ${kindBit}) != 0, k, toInt64(${lit.int(
            NO_ARRIVAL,
          )})), rk) AS u
          FROM (${perCustomer}))))
    ARRAY JOIN touched AS cell
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
 * Touchpoint × stage matrix: events and ratings per cell from a plain grouping; customers and
 * the next-stage share from one row per customer (cellCustomersSql).
 */
export async function getTouchpointHeatmap(
  ch: ClickHouse,
  params: ClickHouseHeatmapParams,
  options: { packCells?: boolean } = {},
): Promise<TouchpointHeatmap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = resolve(params);
  const customersSql = cellCustomersSql(f, windowSeconds, options);
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
    customersSql
      ? ch.query<{
          block: number | string;
          tp: number | string;
          customers: string;
          reached: string;
        }>(customersSql)
      : Promise.resolve([]),
  ]);
  const { stages, touchpoints } = f.catalogue;
  const byCell = new Map<string, { customers: string; reached: string }>();
  for (const r of customers) {
    const stage = stages[Number(r.block) - 1];
    const touchpoint = touchpoints[Number(r.tp)];
    if (stage && touchpoint) byCell.set(`${touchpoint.id}:${stage.id}`, r);
  }
  const rows: HeatmapCellRow[] = counts.map((c) => {
    const k = byCell.get(`${c.touchpoint_id}:${c.stage_id}`);
    return { ...c, customers: k?.customers ?? 0, reached: k?.reached ?? 0 };
  });
  return buildHeatmap(f, rows, windowSeconds);
}
