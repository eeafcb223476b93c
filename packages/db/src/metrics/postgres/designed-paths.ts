import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import {
  buildDesignedVsObserved,
  type DesignedSqlStage,
  type DesignedSqlTotals,
  type DesignedVsObserved,
  designedNow,
  designedWindow,
  type GetDesignedVsObservedParams,
  type LeavingSqlRow,
} from "../designed-paths";
import type { ResolvedFilter } from "../filter";
import { eventFilterSql, resolveFilter, seconds, ts } from "./filter";

/**
 * The customers' events from `from` to `to` + W with their stage's position in the catalogue,
 * and `runs`: each start of a stage in the period's sequence with the position before it.
 */
function sequencesSql(f: ResolvedFilter, windowSeconds: number): SQL {
  const W = seconds(windowSeconds);
  const position =
    f.catalogue.stages.length === 0
      ? sql`0`
      : sql`CASE e.stage_id ${sql.join(
          f.catalogue.stages.map((s, i) => sql`WHEN ${s.id} THEN ${i}::int`),
          sql` `,
        )} END`;
  return sql`
    ev AS (
      SELECT e.customer_id, e.occurred_at AS t, e.event_id COLLATE "C" AS id, e.touchpoint_id,
        ${position} AS pos, e.occurred_at < ${ts(f.to)} AS in_period
      FROM events e
      WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)} + ${W}
        AND ${eventFilterSql(f)}
    ),
    walk AS (
      SELECT customer_id, pos, lag(pos) OVER (PARTITION BY customer_id ORDER BY t, id) AS prev
      FROM ev WHERE in_period
    ),
    runs AS (SELECT customer_id, pos, prev FROM walk WHERE prev IS DISTINCT FROM pos)`;
}

/** How customers move against the catalogue's stage order, and where they leave. */
export async function getDesignedVsObserved(
  db: Database,
  params: GetDesignedVsObservedParams,
): Promise<DesignedVsObserved> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const windowSeconds = designedWindow(params);
  const sequences = sequencesSql(f, windowSeconds);
  // One after the other: the fair share may hand a transaction, which runs one at a time anyway.
  const totals = await queryRows<DesignedSqlTotals>(
    db,
    sql`
        WITH ${sequences},
        per_customer AS (
          SELECT customer_id,
            bool_and(prev IS NULL OR pos = prev + 1) AS following,
            bool_or(pos > prev + 1) AS skipping,
            bool_or(pos < prev) AS backtracking,
            count(*) > count(DISTINCT pos) AS looping
          FROM runs GROUP BY customer_id
        )
        SELECT count(*)::int AS customers,
          (count(*) FILTER (WHERE following))::int AS following,
          (count(*) FILTER (WHERE skipping))::int AS skipping,
          (count(*) FILTER (WHERE backtracking))::int AS backtracking,
          (count(*) FILTER (WHERE looping))::int AS looping
        FROM per_customer`,
  );
  const stages = await queryRows<DesignedSqlStage>(
    db,
    sql`
        WITH ${sequences},
        skipped AS (
          SELECT s AS position, count(DISTINCT customer_id)::int AS customers
          FROM runs, generate_series(prev + 1, pos - 1) AS s
          WHERE pos > prev + 1
          GROUP BY s
        ),
        revisited AS (
          SELECT pos AS position, count(*)::int AS customers
          FROM (SELECT customer_id, pos FROM runs GROUP BY customer_id, pos HAVING count(*) > 1) r
          GROUP BY pos
        )
        SELECT coalesce(s.position, r.position) AS position,
          coalesce(s.customers, 0) AS skipped, coalesce(r.customers, 0) AS revisited
        FROM skipped s FULL JOIN revisited r ON r.position = s.position`,
  );
  // No event within W after the last one: left once last + W ≤ now, else too recent to tell.
  const W = seconds(windowSeconds);
  const leaving = await queryRows<LeavingSqlRow>(
    db,
    sql`
        WITH ${sequences},
        last AS (
          SELECT DISTINCT ON (customer_id) customer_id, t, id, touchpoint_id
          FROM ev WHERE in_period
          ORDER BY customer_id, t DESC, id DESC
        )
        SELECT l.touchpoint_id, (l.t + ${W} > ${ts(designedNow(params))})::int AS too_recent,
          count(*)::int AS customers
        FROM last l
        WHERE NOT EXISTS (
          SELECT 1 FROM ev x
          WHERE x.customer_id = l.customer_id AND (x.t, x.id) > (l.t, l.id)
            AND x.t <= l.t + ${W}
        )
        GROUP BY 1, 2`,
  );
  return buildDesignedVsObserved(f, windowSeconds, totals[0], stages, leaving);
}
