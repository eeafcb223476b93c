import type { TRetentionCohort } from "@parcours/validators";
import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, lit } from "../../analytics/clickhouse/literal";
import {
  buildRetention,
  type GetRetentionParams,
  PURCHASE_TYPE,
  type Retention,
  type RetentionSqlRow,
  retentionReturnBounds,
} from "../retention";
import {
  type ClickHouseMetricParams,
  eventFilter,
  inPeriod,
  ON_THE_SHARDS,
  PER_CUSTOMER_SETTINGS,
  resolve,
} from "./filter";

export type ClickHouseRetentionParams = Omit<GetRetentionParams, "catalogue"> &
  ClickHouseMetricParams;

/** retentionIndex (validators' retention.ts) of a time in microseconds, in SQL. */
function periodIndex(us: ChSql, cohort: TRetentionCohort): ChSql {
  // Times are at or after 1970 (ingestion refuses earlier), so intDiv is a floor.
  // Int64 throughout: arrayConcat joins these with the period 0, in one element type.
  if (cohort === "week") return chSql`toInt64(intDiv(${us} + 259200000000, 604800000000))`;
  const time = chSql`toDateTime(intDiv(${us}, 1000000), 'UTC')`;
  return chSql`toInt64(toYear(${time}) * 12 + toMonth(${time}) - 1)`;
}

/**
 * Retention by cohort of first purchase, one group per customer first (so that it holds when
 * events are sharded by customer): the first purchase, and the distinct periods of the
 * qualifying events; then per cohort and period since it, the customers. Period 0 is every
 * cohort member once, the cohort's size.
 */
export async function getRetention(
  ch: ClickHouse,
  params: ClickHouseRetentionParams,
): Promise<Retention> {
  const f = resolve(params);
  const returns = retentionReturnBounds(params);
  const purchase = chSql`type = ${lit.str(PURCHASE_TYPE)}`;
  const qualifies = params.mode === "purchase" ? purchase : chSql`1`;
  const rows = await ch.query<RetentionSqlRow>(chSql`
    SELECT cohort, period, count() AS customers
    FROM (
      SELECT cohort,
        arrayJoin(arrayConcat([toInt64(0)], arrayFilter(k -> k >= 1 AND k <= ${lit.uint(params.periods)},
          arrayMap(i -> i - cohort, indexes)))) AS period
      FROM (
        SELECT customer_id,
          minIf(occurred_us, ${purchase}) AS first_us,
          ${periodIndex(chSql`first_us`, params.cohort)} AS cohort,
          groupUniqArrayIf(${periodIndex(chSql`occurred_us`, params.cohort)},
            ${qualifies} AND ${inPeriod(returns.from, returns.to)}) AS indexes
        FROM events
        WHERE ${eventFilter(f)}
        GROUP BY customer_id
        HAVING countIf(${purchase}) > 0
          AND first_us >= ${lit.dateUs(f.from)} AND first_us < ${lit.dateUs(f.to)}
        ${ON_THE_SHARDS}))
    GROUP BY cohort, period
    ${PER_CUSTOMER_SETTINGS}`);
  return buildRetention(params, rows);
}
