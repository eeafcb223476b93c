import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import type { ResolvedFilter } from "../filter";
import {
  buildStageMetrics,
  type GetStageMetricsParams,
  type MetricSelection,
  planStageMetrics,
  type SelectionSqlRow,
  type StageMetrics,
  spendSetsUnder,
  type TimePair,
  type TimeSqlRow,
} from "../stage-metrics";
import { eventFilterSql, idList, REVENUE_CENTS, resolveFilter, ts } from "./filter";
import { readSpendSums } from "./spend";

function selectionSql(s: MetricSelection): SQL {
  const parts: SQL[] = [sql`true`];
  if (s.touchpointIds) {
    parts.push(
      s.touchpointIds.length > 0
        ? sql`e.touchpoint_id IN (${idList(s.touchpointIds)})`
        : sql`false`,
    );
  }
  if (s.types) {
    parts.push(
      sql`e.type IN (${sql.join(
        s.types.map((t) => sql`${t}`),
        sql`, `,
      )})`,
    );
  }
  return sql.join(parts, sql` AND `);
}

/** Every selection's sums in one scan: per customer first, then over customers. */
async function selectionRows(
  db: Database,
  f: ResolvedFilter,
  selections: MetricSelection[],
): Promise<SelectionSqlRow[]> {
  if (selections.length === 0) return [];
  const inner = selections.map((s, i) => {
    const c = selectionSql(s);
    const as = (name: string) => sql.raw(`${name}${i}`);
    return sql`count(*) FILTER (WHERE ${c}) AS ${as("n")},
      sum(${REVENUE_CENTS}) FILTER (WHERE ${c}) AS ${as("r")},
      count(e.revenue) FILTER (WHERE ${c}) AS ${as("rn")},
      sum(e.satisfaction) FILTER (WHERE ${c}) AS ${as("ss")},
      count(e.satisfaction) FILTER (WHERE ${c}) AS ${as("sn")}`;
  });
  const outer = selections.map((_, i) =>
    sql.raw(
      `coalesce(sum(n${i}), 0)::bigint AS events_${i},
       count(*) FILTER (WHERE n${i} > 0)::bigint AS customers_${i},
       count(*) FILTER (WHERE n${i} >= 2)::bigint AS repeaters_${i},
       sum(r${i})::bigint AS revenue_cents_${i}, coalesce(sum(rn${i}), 0)::bigint AS revenue_n_${i},
       sum(ss${i})::bigint AS sat_sum_${i}, coalesce(sum(sn${i}), 0)::bigint AS sat_n_${i}`,
    ),
  );
  const [row] = await queryRows<Record<string, number | string | null>>(
    db,
    sql`
      SELECT ${sql.join(outer, sql`, `)}
      FROM (
        SELECT e.customer_id, ${sql.join(inner, sql`, `)}
        FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
          AND ${eventFilterSql(f)}
        GROUP BY e.customer_id) AS per_customer`,
  );
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

/** Per customer: first `from` event, then the first `to` event at or after it; the median. */
async function timeRow(db: Database, f: ResolvedFilter, pair: TimePair): Promise<TimeSqlRow> {
  const [row] = await queryRows<TimeSqlRow>(
    db,
    sql`
      WITH ev AS (
        SELECT e.customer_id, e.type, e.occurred_at FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
          AND e.type IN (${pair.from}, ${pair.to}) AND ${eventFilterSql(f)}),
      firsts AS (
        SELECT customer_id, min(occurred_at) AS t FROM ev WHERE type = ${pair.from}
        GROUP BY customer_id),
      timed AS (
        SELECT a.customer_id, extract(epoch FROM min(ev.occurred_at) - a.t)::float8 AS secs
        FROM firsts a
        JOIN ev ON ev.customer_id = a.customer_id AND ev.type = ${pair.to} AND ev.occurred_at >= a.t
        GROUP BY a.customer_id, a.t)
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS median, count(*)::int AS n
      FROM timed`,
  );
  return row ?? { median: null, n: 0 };
}

/** Each stage's metrics over the filter's period (docs/metrics.md, "Stage metrics"). */
export async function getStageMetrics(
  db: Database,
  params: GetStageMetricsParams,
): Promise<StageMetrics> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const plan = planStageMetrics(f.catalogue);
  const rows = await selectionRows(db, f, plan.selections);
  const times: TimeSqlRow[] = [];
  for (const pair of plan.pairs) times.push(await timeRow(db, f, pair));
  const spend = await readSpendSums(db, f.from, f.to, spendSetsUnder(f, plan.spends));
  return buildStageMetrics(f, rows, times, spend);
}
