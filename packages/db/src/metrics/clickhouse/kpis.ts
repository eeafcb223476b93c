import type { ClickHouse } from "../../analytics/clickhouse/client";
import { chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import { conversionStage } from "../filter";
import {
  buildKpiBreakdown,
  buildOverviewKpis,
  type GetKpiBreakdownParams,
  type GetOverviewKpisParams,
  type KpiBreakdown,
  type KpiRow,
  type KpiValueRow,
  type OverviewKpis,
} from "../kpis";
import { firstProperties, propertyValue, withAttributeValue } from "./breakdown";
import {
  type ClickHouseMetricParams,
  eventFilter,
  ON_THE_SHARDS,
  PER_CUSTOMER_SETTINGS,
  resolve,
} from "./filter";

export type ClickHouseKpisParams = Omit<GetOverviewKpisParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * Headline KPIs for a period and the same-length period before it, in one scan: one group per
 * customer with each period's figures apart (as PostgreSQL's FILTER), then totals. Revenue is
 * summed in exact cents. On a cluster each shard finishes its customers' groups (ON_THE_SHARDS)
 * and sends their counters, not aggregation states to merge.
 */
export async function getOverviewKpis(
  ch: ClickHouse,
  params: ClickHouseKpisParams,
): Promise<OverviewKpis> {
  const f = resolve(params);
  const conversion = conversionStage(f.catalogue);
  const previousFrom = new Date(f.from.getTime() - (f.to.getTime() - f.from.getTime()));
  const from = lit.dateUs(f.from);
  const periods = [
    ["cur", chSql`occurred_us >= ${from}`],
    ["prev", chSql`occurred_us < ${from}`],
  ] as const;
  const perCustomer = periods.map(([name, inPeriod]) => {
    const col = (prefix: string) => lit.ident(`${prefix}_${name}`);
    return chSql`
      countIf(${inPeriod}) AS ${col("n")},
      maxIf(stage_id = ${lit.uint(conversion.id)}, ${inPeriod}) AS ${col("conv")},
      sumIf(revenue_cents, ${inPeriod}) AS ${col("rev")},
      sumIf(satisfaction, ${inPeriod}) AS ${col("ss")},
      countIf(satisfaction IS NOT NULL AND ${inPeriod}) AS ${col("sn")}`;
  });
  const totals = periods.map(([name]) => {
    const col = (prefix: string) => lit.ident(`${prefix}_${name}`);
    return chSql`
      countIf(${col("n")} > 0) AS ${col("active")},
      sum(${col("n")}) AS ${col("events")},
      countIf(${col("conv")} = 1) AS ${col("converted")},
      sum(${col("rev")}) AS ${col("revenue_cents")},
      sum(${col("ss")}) AS ${col("sat_sum")},
      sum(${col("sn")}) AS ${col("sat_n")}`;
  });
  const rows = await ch.query<KpiRow>(chSql`
    SELECT ${joinSql(totals, ",")}
    FROM (
      SELECT customer_id, ${joinSql(perCustomer, ",")}
      FROM events
      WHERE occurred_us >= ${lit.dateUs(previousFrom)} AND occurred_us < ${lit.dateUs(f.to)}
        AND ${eventFilter(f)}
      GROUP BY customer_id
      ${ON_THE_SHARDS})
    ${PER_CUSTOMER_SETTINGS}`);
  return buildOverviewKpis(f, rows[0]);
}

export type ClickHouseKpiBreakdownParams = Omit<GetKpiBreakdownParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * The period's KPIs per value of a customer attribute or event property, as PostgreSQL's
 * getKpiBreakdown: one group per customer (with the properties of its first event in the
 * period), the value read as the funnel breakdown reads it, then one group per value.
 */
export async function getKpiBreakdown(
  ch: ClickHouse,
  params: ClickHouseKpiBreakdownParams,
): Promise<KpiBreakdown> {
  const f = resolve(params);
  const conversion = conversionStage(f.catalogue);
  const { breakdown } = params;
  const columns = ["customer_id", "n", "conv", "rev", "ss", "sn"];
  const perCustomer = chSql`
    SELECT customer_id,
      count() AS n,
      max(stage_id = ${lit.uint(conversion.id)}) AS conv,
      sum(revenue_cents) AS rev,
      sum(satisfaction) AS ss,
      count(satisfaction) AS sn
      ${breakdown.kind === "property" ? chSql`, ${firstProperties(chSql`1`)}` : chSql``}
    FROM events
    WHERE occurred_us >= ${lit.dateUs(f.from)} AND occurred_us < ${lit.dateUs(f.to)}
      AND ${eventFilter(f)}
    GROUP BY customer_id
    ${ON_THE_SHARDS}`;
  const withValue =
    breakdown.kind === "property"
      ? propertyValue(perCustomer, columns, breakdown.key)
      : withAttributeValue(perCustomer, columns, breakdown.key);
  const rows = await ch.query<KpiValueRow>(chSql`
    SELECT b_has AS has, b_v AS value,
      count() AS active,
      sum(n) AS events,
      countIf(conv = 1) AS converted,
      sum(rev) AS revenue_cents,
      sum(ss) AS sat_sum,
      sum(sn) AS sat_n
    FROM (${withValue})
    GROUP BY has, value
    ${PER_CUSTOMER_SETTINGS}`);
  return buildKpiBreakdown(f, breakdown, rows);
}
