import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import {
  buildDesignedVsObserved,
  type DesignedSqlStage,
  type DesignedVsObserved,
  designedNow,
  designedWindow,
  type GetDesignedVsObservedParams,
  type LeavingSqlRow,
} from "../designed-paths";
import {
  type ClickHouseMetricParams,
  eventFilter,
  micros,
  PER_CUSTOMER_SETTINGS,
  resolve,
} from "./filter";

export type ClickHouseDesignedVsObservedParams = Omit<GetDesignedVsObservedParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * How customers move against the catalogue's stage order, and where they leave: one row per
 * customer with their events from `from` to `to` + W sorted by (time, event_id), the period's
 * events a prefix of them; the stage sequence collapsed with arrayDifference; per stage, columns
 * made from literals (18.16's lambdas cannot read a row's columns). Grouped by customer first.
 */
export async function getDesignedVsObserved(
  ch: ClickHouse,
  params: ClickHouseDesignedVsObservedParams,
): Promise<DesignedVsObserved> {
  const f = resolve(params);
  const windowSeconds = designedWindow(params);
  const stages = f.catalogue.stages;
  const to = lit.dateUs(f.to);
  const position =
    stages.length === 0
      ? chSql`toInt64(0)`
      : chSql`toInt64(transform(stage_id, [${joinSql(
          stages.map((s) => lit.uint(s.id)),
          ", ",
        )}], [${joinSql(
          stages.map((_, i) => lit.uint(i)),
          ", ",
        )}], toUInt64(0)))`;
  const perStage: ChSql[] = stages.flatMap((_, i) => {
    const s = lit.int(i);
    return [
      chSql`sum(arrayExists((a, b) -> a < ${s} AND b > ${s}, froms, tos)) AS ${lit.ident(`skipped${i}`)}`,
      chSql`sum(countEqual(rp, ${s}) > 1) AS ${lit.ident(`revisited${i}`)}`,
    ];
  });
  const [row] = await ch.query<Record<string, string | number>>(chSql`
    SELECT count() AS customers,
      sum(arrayAll(m -> m = 1, moves)) AS following,
      sum(arrayExists(m -> m > 1, moves)) AS skipping,
      sum(arrayExists(m -> m < 0, moves)) AS backtracking,
      sum(length(rp) > length(arrayDistinct(rp))) AS looping
      ${perStage.length > 0 ? chSql`, ${joinSql(perStage, ", ")}` : chSql``}
    FROM (
      SELECT rp,
        arraySlice(arrayDifference(rp), 2) AS moves,
        arraySlice(rp, 1, length(rp) - 1) AS froms,
        arraySlice(rp, 2) AS tos
      FROM (
        SELECT
          arrayFilter((p, d, i) -> i = 1 OR d != 0, pp, arrayDifference(pp), arrayEnumerate(pp))
            AS rp
        FROM (${perCustomerSql(f, windowSeconds, position, to)})
        WHERE notEmpty(pp)))
    ${PER_CUSTOMER_SETTINGS}`);
  // No event within W after the last one: left once last + W ≤ now, else too recent to tell.
  const W = micros(windowSeconds);
  const leaving = await ch.query<LeavingSqlRow>(
    chSql`
    SELECT touchpoint_id, too_recent, count() AS customers
    FROM (
      SELECT tupleElement(arrayElement(evs, k), 4) AS touchpoint_id,
        k = length(evs)
          OR tupleElement(arrayElement(evs, k + 1), 1) - tupleElement(arrayElement(evs, k), 1) > ${W}
          AS left,
        tupleElement(arrayElement(evs, k), 1) + ${W} > ${lit.dateUs(designedNow(params))}
          AS too_recent
      FROM (
        SELECT evs, length(pp) AS k
        FROM (${perCustomerSql(f, windowSeconds, position, to)})
        WHERE notEmpty(pp)))
    WHERE left
    GROUP BY touchpoint_id, too_recent
    ${PER_CUSTOMER_SETTINGS}`,
  );
  const stageRows: DesignedSqlStage[] = stages.map((_, i) => ({
    position: i,
    skipped: row?.[`skipped${i}`] ?? 0,
    revisited: row?.[`revisited${i}`] ?? 0,
  }));
  const totals = row
    ? {
        customers: row.customers ?? 0,
        following: row.following ?? 0,
        skipping: row.skipping ?? 0,
        backtracking: row.backtracking ?? 0,
        looping: row.looping ?? 0,
      }
    : undefined;
  return buildDesignedVsObserved(f, windowSeconds, totals, stageRows, leaving);
}

/** Per customer: `evs` (time, event_id, position, touchpoint) sorted, `pp` the period's positions. */
function perCustomerSql(
  f: ReturnType<typeof resolve>,
  windowSeconds: number,
  position: ChSql,
  to: ChSql,
): ChSql {
  return chSql`
    SELECT evs,
      arrayMap(x -> tupleElement(x, 3), arrayFilter(x -> tupleElement(x, 1) < ${to}, evs)) AS pp
    FROM (
      SELECT customer_id,
        arraySort(x -> (tupleElement(x, 1), tupleElement(x, 2)),
          groupArray((occurred_us, event_id, ${position}, touchpoint_id))) AS evs
      FROM events
      WHERE occurred_us >= ${lit.dateUs(f.from)} AND occurred_us < ${to} + ${micros(windowSeconds)}
        AND ${eventFilter(f)}
      GROUP BY customer_id)`;
}
