import type { ClickHouse } from "../../analytics/clickhouse/client";
import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import type { ResolvedFilter } from "../filter";
import {
  buildStageMetrics,
  type GetStageMetricsParams,
  type MetricSelection,
  planStageMetrics,
  type SelectionSqlRow,
  type SpendReader,
  type StageMetrics,
  spendSetsUnder,
  type TimePair,
  type TimeSqlRow,
} from "../stage-metrics";
import {
  type ClickHouseMetricParams,
  eventFilter,
  idList,
  inPeriod,
  MEDIAN,
  PER_CUSTOMER_SETTINGS,
  percentileFromRanks,
  rankSql,
  resolve,
} from "./filter";

export type ClickHouseStageMetricsParams = Omit<GetStageMetricsParams, "catalogue"> &
  ClickHouseMetricParams & {
    /** The spend sums, read from PostgreSQL (postgres/spend.ts, spendReader). */
    spend: SpendReader;
  };

function selectionSql(s: MetricSelection): ChSql {
  const parts: ChSql[] = [chSql`1`];
  if (s.touchpointIds) {
    parts.push(
      s.touchpointIds.length > 0 ? chSql`touchpoint_id IN (${idList(s.touchpointIds)})` : chSql`0`,
    );
  }
  if (s.types) {
    parts.push(
      chSql`type IN (${joinSql(
        s.types.map((t) => lit.str(t)),
        ", ",
      )})`,
    );
  }
  return chSql`(${joinSql(parts, " AND ")})`;
}

/** Every selection's sums: per customer first (right when events are sharded by customer). */
async function selectionRows(
  ch: ClickHouse,
  f: ResolvedFilter,
  selections: MetricSelection[],
): Promise<SelectionSqlRow[]> {
  if (selections.length === 0) return [];
  const inner = selections.map((s, i) => {
    const c = selectionSql(s);
    const as = (name: string) => lit.ident(`${name}${i}`);
    return chSql`countIf(${c}) AS ${as("n")},
      sumIf(revenue_cents, ${c} AND isNotNull(revenue_cents)) AS ${as("r")},
      countIf(${c} AND isNotNull(revenue_cents)) AS ${as("rn")},
      sumIf(satisfaction, ${c} AND isNotNull(satisfaction)) AS ${as("ss")},
      countIf(${c} AND isNotNull(satisfaction)) AS ${as("sn")}`;
  });
  const outer = selections.map((_, i) => {
    const col = (name: string) => lit.ident(`${name}${i}`);
    const as = (name: string) => lit.ident(`${name}_${i}`);
    return chSql`sum(${col("n")}) AS ${as("events")},
      countIf(${col("n")} > 0) AS ${as("customers")},
      countIf(${col("n")} >= 2) AS ${as("repeaters")},
      sum(${col("r")}) AS ${as("revenue_cents")},
      sum(${col("rn")}) AS ${as("revenue_n")},
      sum(${col("ss")}) AS ${as("sat_sum")},
      sum(${col("sn")}) AS ${as("sat_n")}`;
  });
  const [row] = await ch.query<Record<string, number | string | null>>(chSql`
    SELECT ${joinSql(outer, ", ")}
    FROM (
      SELECT customer_id, ${joinSql(inner, ", ")}
      FROM events
      WHERE ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
      GROUP BY customer_id) AS per_customer
    ${PER_CUSTOMER_SETTINGS}`);
  return selections.map((_, i) => ({
    events: row?.[`events_${i}`] ?? 0,
    customers: row?.[`customers_${i}`] ?? 0,
    repeaters: row?.[`repeaters_${i}`] ?? 0,
    revenue_cents: row?.[`revenue_cents_${i}`] ?? null,
    revenue_n: row?.[`revenue_n_${i}`] ?? 0,
    sat_sum: row?.[`sat_sum_${i}`] ?? null,
    sat_n: row?.[`sat_n_${i}`] ?? 0,
  }));
}

interface TimeGroup {
  n: string | number;
  median_lo: string | number | null;
  median_hi: string | number | null;
}

/**
 * Per customer: the first `from` event, then the first `to` event at or after it (in
 * microseconds); the median over customers from the sorted array, as percentile_cont.
 */
async function timeRow(ch: ClickHouse, f: ResolvedFilter, pair: TimePair): Promise<TimeSqlRow> {
  const from = lit.str(pair.from);
  const to = lit.str(pair.to);
  const [group] = await ch.query<TimeGroup>(chSql`
    SELECT n, ${rankSql(chSql`ds`, chSql`n`, MEDIAN, "median")}
    FROM (
      SELECT count() AS n, arraySort(groupArray(d)) AS ds
      FROM (
        SELECT customer_id, minIf(occurred_us, type = ${from}) AS a,
          arrayFilter(x -> x >= a, groupArrayIf(occurred_us, type = ${to})) AS bs,
          arrayReduce('min', bs) - a AS d
        FROM events
        WHERE ${inPeriod(f.from, f.to)} AND type IN (${from}, ${to}) AND ${eventFilter(f)}
        GROUP BY customer_id
        HAVING countIf(type = ${from}) > 0 AND notEmpty(bs)))
    ${PER_CUSTOMER_SETTINGS}`);
  const n = Number(group?.n ?? 0);
  return { n, median: percentileFromRanks(n, MEDIAN, group?.median_lo, group?.median_hi) };
}

/** Each stage's metrics over the filter's period (docs/metrics.md, "Stage metrics"). */
export async function getStageMetrics(
  ch: ClickHouse,
  params: ClickHouseStageMetricsParams,
): Promise<StageMetrics> {
  const f = resolve(params);
  const plan = planStageMetrics(f.catalogue);
  const rows = await selectionRows(ch, f, plan.selections);
  const times: TimeSqlRow[] = [];
  for (const pair of plan.pairs) times.push(await timeRow(ch, f, pair));
  const spend = await params.spend(f.from, f.to, spendSetsUnder(f, plan.spends));
  return buildStageMetrics(f, rows, times, spend);
}
