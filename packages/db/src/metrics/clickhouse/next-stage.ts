import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import type { ResolvedFilter } from "../filter";
import { eventFilter, micros, ON_THE_SHARDS } from "./filter";

/**
 * Keys stay below 2^61 and "no arrival" is 2^62: the nearest arrival minus a touch's key is then
 * either an exact difference or above every threshold, with no Int64 overflow on the way.
 */
const KEY_BITS = 61n;
const NO_ARRIVAL = 2n ** 62n;

function bitLength(n: bigint): bigint {
  return n <= 0n ? 0n : BigInt(n.toString(2).length);
}

/** Per customer, their keys and each key's nearest arrival; see nextStageKeys. */
export interface NextStageKeys {
  /**
   * One row per customer with the columns `names`, which `columns` (aliased expressions) compute
   * from `rk`, `rm`, and `rc` when the cells are not packed, in the same SELECT over `events`
   * (so that on a cluster each shard computes them for its own customers, ON_THE_SHARDS). Lambda
   * parameters in `columns` must not be named as an alias of that SELECT (18.16 substitutes
   * aliases inside lambdas): k, m, c, b, e, d are free.
   */
  perCustomer: (columns: ChSql, names: string[]) => ChSql;
  /** Whether the touchpoint index sits in the keys' lowest bits (else in `rc`). */
  packed: boolean;
  /** Bits of the touchpoint index in a key (0 by stage, or when not packed). */
  cellBits: bigint;
  /** A key shifted right by this is its block: 1 + the touched stage's position. */
  timeShift: ChSql;
  /** On a key `k`: it is a touch. */
  touch: ChSql;
  /** On a key `k` and its nearest arrival `m`: a touch whose next stage came within W. */
  reaching: ChSql;
}

/**
 * "Reached the next stage within W" (docs/metrics.md), the one definition behind the heatmap's
 * next-stage share and the journey map's conversion to the next stage, which the pain-point
 * rule compares. `by: "cell"` keeps each touch's touchpoint (the heatmap), `by: "stage"` only
 * its stage (the journey map's stages, whatever the touchpoint).
 *
 * Each event in [from, to + W) whose stage has one before it yields an *arrival* key (its
 * stage's position, time, 1), and each touch in [from, to) a *touch* key (its stage's position
 * + 1, time, 0, then the touchpoint's index in the lowest bits when they fit): one Int64 per key,
 * made in the pipeline (arrayJoin), gathered and sorted once per customer. A touch's next
 * arrival in its block is then the first arrival key after it (a tie sorts the touch first, so
 * u = t counts): walking the keys backwards, a running minimum (`m`), computed with the same
 * arrayCumSumNonNegative identity as the funnel. Blocks are 2^T apart in time with
 * 2^T > to − from + 2W, so an arrival in a later block is never within W. When the period, the
 * stages and the touchpoints need more than 61 bits, the touchpoint index travels in a second
 * array sorted by the same keys. `m` never decreases as the touch's time grows, so in a block
 * the earliest reaching touch has the smallest `m` (column `rm`) of the reaching ones. Keys, walk
 * and the caller's per-customer columns are one SELECT grouped by customer: on a cluster each
 * shard computes them for its own customers and sends one row per customer (ON_THE_SHARDS).
 */
export function nextStageKeys(
  f: ResolvedFilter,
  windowSeconds: number,
  options: { by: "cell" | "stage"; packCells?: boolean },
): NextStageKeys | null {
  const stages = f.catalogue.stages;
  const touchpoints = f.catalogue.touchpoints;
  const byCell = options.by === "cell";
  if (stages.length === 0 || (byCell && touchpoints.length === 0)) return null;
  const span = BigInt(f.to.getTime() - f.from.getTime()) * 1000n;
  const windowUs = BigInt(Math.round(windowSeconds * 1e6));
  const T = bitLength(span + 2n * windowUs);
  const C = byCell ? bitLength(BigInt(touchpoints.length - 1)) : 0n;
  const P = bitLength(BigInt(stages.length));
  const packed = !byCell || ((options.packCells ?? true) && P + T + 1n + C <= KEY_BITS);
  if (P + T + 1n > KEY_BITS) {
    // Out of reach of the validated filters (10 years, a window of a year, 50 stages: 56 bits).
    throw new RangeError("the next-stage keys' period and window are too long");
  }
  const cellBits = packed ? C : 0n;
  const from = lit.dateUs(f.from);
  const rel = chSql`(occurred_us - ${from})`;
  const position = chSql`transform(stage_id, [${idList(stages)}], [${indexList(stages)}], toUInt64(255))`;
  const tpIndex = byCell
    ? chSql`transform(touchpoint_id, [${idList(touchpoints)}], [${indexList(
        touchpoints,
      )}], toUInt64(${lit.uint(touchpoints.length)}))`
    : chSql`toUInt64(0)`;
  const key = (block: ChSql, kind: bigint) =>
    chSql`bitShiftLeft((toInt64(${block}) * ${lit.int(2n ** T)} + ${rel}) * 2 + ${lit.int(kind)}, ${lit.uint(Number(cellBits))})`;
  const isArrival = chSql`${position} >= 1 AND ${position} < ${lit.uint(stages.length)}`;
  const isTouch = byCell
    ? chSql`occurred_us < ${lit.dateUs(f.to)} AND ${position} < ${lit.uint(stages.length)}
    AND ${tpIndex} < ${lit.uint(touchpoints.length)}`
    : chSql`occurred_us < ${lit.dateUs(f.to)} AND ${position} < ${lit.uint(stages.length)}`;
  // Within W of the nearest arrival: (2(u − t) + 1)·2^C − tp ≤ (2W + 1)·2^C.
  const threshold = lit.int((2n * windowUs + 1n) * 2n ** cellBits);
  const kindBit = lit.int(2n ** cellBits);
  // The events of [from, to + W), each made into its keys (ARRAY JOIN) and gathered per customer
  // in one SELECT, where the walk's columns are computed too.
  const where = chSql`
    WHERE occurred_us >= ${from} AND occurred_us < ${lit.dateUs(f.to)} + ${micros(windowSeconds)}
      AND ${eventFilter(f)}
    GROUP BY customer_id
    ${ON_THE_SHARDS}`;
  const arrivalKey = key(position, 1n);
  const touchKey = key(chSql`${position} + 1`, 0n);
  // Keys are made per event, before the grouping, where an array function costs far less than
  // on the arrays a GROUP BY hands on (docs/benchmarks.md).
  const gathered = packed
    ? {
        join: chSql`ARRAY JOIN arrayConcat(
          if(${isArrival}, [${arrivalKey}], emptyArrayInt64()),
          if(${isTouch}, [${touchKey} + toInt64(${tpIndex})], emptyArrayInt64())) AS nk`,
        columns: chSql`arrayReverse(arraySort(groupArray(nk))) AS rk`,
      }
    : {
        join: chSql`ARRAY JOIN arrayFilter((kc, keep) -> keep,
            [(${arrivalKey}, toUInt64(0)), (${touchKey}, toUInt64(${tpIndex}))],
            [${isArrival}, ${isTouch}]) AS nkc`,
        columns: chSql`arrayReverse(arraySort(groupArray(tupleElement(nkc, 1)))) AS rk,
          arrayReverse(arraySort((c, k) -> k, groupArray(tupleElement(nkc, 2)),
            groupArray(tupleElement(nkc, 1)))) AS rc`,
      };
  const touch = chSql`bitAnd(k, ${kindBit}) = 0`;
  return {
    perCustomer: (columns, names) => chSql`
      SELECT ${joinSql(
        names.map((name) => lit.ident(name)),
        ", ",
      )}
      FROM (
        SELECT ${gathered.columns},
          arrayMap(k -> if(bitAnd(k, ${kindBit}) != 0, k, toInt64(${lit.int(NO_ARRIVAL)})), rk)
            AS ru,
          arrayMap((b, e) -> b - e, ru, arrayCumSumNonNegative(arrayDifference(ru))) AS rm,
          ${columns}
        FROM events
        ${gathered.join}
        ${where})`,
    packed,
    cellBits,
    timeShift: lit.uint(Number(T + 1n + cellBits)),
    touch,
    reaching: chSql`${touch} AND m - k <= ${threshold}`,
  };
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
