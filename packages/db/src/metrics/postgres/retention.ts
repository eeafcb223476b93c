import type { TRetentionCohort } from "@parcours/validators";
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import {
  buildRetention,
  type GetRetentionParams,
  PURCHASE_TYPE,
  type Retention,
  type RetentionSqlRow,
  retentionReturnBounds,
} from "../retention";
import { eventFilterSql, resolveFilter, ts } from "./filter";

/** retentionIndex (validators' retention.ts) of a timestamptz, in SQL. */
function periodIndex(time: SQL, cohort: TRetentionCohort): SQL {
  if (cohort === "week") {
    // Weeks from Monday 1969-12-29, three days (259,200 s) before the epoch.
    return sql`floor((extract(epoch FROM ${time}) + 259200) / 604800)::int`;
  }
  return sql`(extract(year FROM ${time} AT TIME ZONE 'UTC') * 12
    + extract(month FROM ${time} AT TIME ZONE 'UTC') - 1)::int`;
}

/**
 * Retention by cohort of first purchase: each customer's first purchase (over all their events
 * that pass the filters, not only the period's) places them in a cohort when it falls in the
 * period; then, per cohort and period after it, the customers with a qualifying event there.
 */
export async function getRetention(db: Database, params: GetRetentionParams): Promise<Retention> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const returns = retentionReturnBounds(params);
  const qualifies = params.mode === "purchase" ? sql`e.type = ${PURCHASE_TYPE}` : sql`true`;
  const rows = await queryRows<RetentionSqlRow>(
    db,
    sql`
      WITH firsts AS (
        SELECT e.customer_id, min(e.occurred_at) AS first_at
        FROM events e
        WHERE e.type = ${PURCHASE_TYPE} AND ${eventFilterSql(f)}
        GROUP BY e.customer_id
        HAVING min(e.occurred_at) >= ${ts(f.from)} AND min(e.occurred_at) < ${ts(f.to)}
      ),
      cohorts AS (
        SELECT customer_id, ${periodIndex(sql`first_at`, params.cohort)} AS cohort FROM firsts
      ),
      returns AS (
        SELECT c.cohort, ${periodIndex(sql`e.occurred_at`, params.cohort)} - c.cohort AS period,
          e.customer_id
        FROM cohorts c
        JOIN events e ON e.customer_id = c.customer_id
        WHERE ${qualifies} AND ${eventFilterSql(f)}
          AND e.occurred_at >= ${ts(returns.from)} AND e.occurred_at < ${ts(returns.to)}
      )
      SELECT cohort, 0 AS period, count(*)::int AS customers FROM cohorts GROUP BY cohort
      UNION ALL
      SELECT cohort, period, count(DISTINCT customer_id)::int AS customers
      FROM returns
      WHERE period BETWEEN 1 AND ${params.periods}
      GROUP BY cohort, period`,
  );
  return buildRetention(params, rows);
}
