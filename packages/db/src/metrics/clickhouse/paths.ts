import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import {
  buildObservedPaths,
  type GetObservedPathsParams,
  type ObservedPaths,
  type PathLinkSqlRow,
  type PathSqlRow,
  type PathsPlan,
  planPaths,
  topPaths,
} from "../paths";
import {
  type ClickHouseMetricParams,
  eventFilter,
  MEDIAN,
  micros,
  PER_CUSTOMER_SETTINGS,
  percentileFromRanks,
  rankSql,
  resolve,
} from "./filter";

export type ClickHouseObservedPathsParams = Omit<GetObservedPathsParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * One row per entrant: `path` (the step ids after the entry's own, at most N, joined by ">"),
 * `steps` (the same ids), `dts` (µs from each step's previous one) and `converted`.
 *
 * The customer's events are sorted by (time, event_id) and walked with array functions only:
 * 18.16 has no window functions, and its lambdas cannot read a column of the row, so the walk
 * is the tail from the entry (arraySlice) cut where the time since the entry, a running sum of
 * differences, passes W; a step starts where the step id differs from the event before.
 *
 * With `compare` (the path comparison) also `to_conversion` (µs from the entry to the walk's
 * first conversion-stage event; 0 without one, read with `converted`) and the walk's ratings
 * (`rating_sum`, `ratings`; an unrated event carries 0).
 */
export function walksSql(plan: PathsPlan, compare = false): ChSql {
  const { f } = plan;
  const W = micros(plan.windowSeconds);
  const step = plan.level === "stage" ? chSql`stage_id` : chSql`touchpoint_id`;
  const startColumn = plan.start.kind === "stage" ? chSql`stage_id` : chSql`touchpoint_id`;
  return chSql`
    SELECT customer_id, path, steps, dts, converted${
      compare ? chSql`, to_conversion, rating_sum, ratings` : chSql``
    }
    FROM (
      SELECT customer_id,
        arrayFilter((s, d, i) -> i = 1 OR d != 0, ws, arrayDifference(ws), arrayEnumerate(ws))
          AS rs,
        arrayFilter((t, d, i) -> i = 1 OR d != 0, wt, arrayDifference(ws), arrayEnumerate(ws))
          AS rt,
        arraySlice(rs, 2, ${lit.uint(plan.steps)}) AS steps,
        arraySlice(arrayDifference(rt), 2, ${lit.uint(plan.steps)}) AS dts,
        arrayStringConcat(arrayMap(s -> toString(s), steps), '>') AS path,
        has(wg, ${lit.uint(plan.conversion.id)}) AS converted${
          compare
            ? chSql`,
        arrayFirstIndex(g -> g = ${lit.uint(plan.conversion.id)}, wg) AS first_conversion,
        if(first_conversion > 0, arrayElement(wt, first_conversion) - arrayElement(wt, 1), 0)
          AS to_conversion,
        arraySum(wr) AS rating_sum,
        arrayCount(r -> r > 0, wr) AS ratings`
            : chSql``
        }
      FROM (
        SELECT customer_id,
          arraySlice(evs, entry) AS tail,
          arrayCumSum(arrayDifference(arrayMap(x -> tupleElement(x, 1), tail))) AS since,
          arraySlice(tail, 1, arrayCount(s -> s <= ${W}, since)) AS walk,
          arrayMap(x -> tupleElement(x, 1), walk) AS wt,
          arrayMap(x -> tupleElement(x, 3), walk) AS ws,
          arrayMap(x -> tupleElement(x, 4), walk) AS wg${
            compare
              ? chSql`,
          arrayMap(x -> tupleElement(x, 6), walk) AS wr`
              : chSql``
          }
        FROM (
          SELECT customer_id,
            arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2)),
              groupArray((occurred_us, event_id, toUInt32(${step}), stage_id, ${startColumn} = ${lit.uint(plan.start.id)}${
                compare ? chSql`, toUInt32(ifNull(satisfaction, 0))` : chSql``
              })))
              AS evs,
            arrayFirstIndex(x -> tupleElement(x, 5) = 1 AND tupleElement(x, 1) < ${lit.dateUs(f.to)}, evs)
              AS entry
          FROM events
          WHERE occurred_us >= ${lit.dateUs(f.from)} AND occurred_us < ${lit.dateUs(f.to)} + ${W}
            AND ${eventFilter(f)}
          GROUP BY customer_id)
        WHERE entry > 0))`;
}

/** Observed paths from a start: every path's counts, then the links of the listed ones. */
export async function getObservedPaths(
  ch: ClickHouse,
  params: ClickHouseObservedPathsParams,
): Promise<ObservedPaths> {
  const f = resolve(params);
  const plan = planPaths(f, params);
  const walks = walksSql(plan);
  const rows = await ch.query<PathSqlRow>(chSql`
    SELECT path, count() AS customers, sum(converted) AS converted
    FROM (${walks})
    GROUP BY path
    ${PER_CUSTOMER_SETTINGS}`);
  const listed = topPaths(plan, rows);
  if (listed.length === 0) return buildObservedPaths(plan, rows, []);
  const listedPaths = joinSql(
    listed.map((r) => lit.str(r.path)),
    ", ",
  );
  // 0 stands for the start (as a source) and for "other paths" (as a target): ids start at 1.
  const linkRows = await ch.query<{
    depth: number | string;
    source: number | string;
    target: number | string;
    customers: number | string;
    median_lo: number | string | null;
    median_hi: number | string | null;
  }>(chSql`
    SELECT depth, source, target, customers, ${rankSql(chSql`ds`, chSql`customers`, MEDIAN, "median")}
    FROM (
      SELECT depth, source, target, count() AS customers, arraySort(groupArray(dt)) AS ds
      FROM (
        SELECT d AS depth, dt,
          if(d = 1, toUInt32(0), arrayElement(steps, d - 1)) AS source,
          if(listed, arrayElement(steps, d), toUInt32(0)) AS target
        FROM (SELECT steps, dts, path IN (${listedPaths}) AS listed FROM (${walks}))
        ARRAY JOIN arrayEnumerate(steps) AS d, dts AS dt
        WHERE listed OR d = 1)
      GROUP BY depth, source, target)`);
  const links: PathLinkSqlRow[] = linkRows.map((r) => ({
    depth: r.depth,
    source: Number(r.source) === 0 ? null : r.source,
    target: Number(r.target) === 0 ? null : r.target,
    customers: r.customers,
    median_s: percentileFromRanks(Number(r.customers), MEDIAN, r.median_lo, r.median_hi),
  }));
  return buildObservedPaths(plan, rows, links);
}
