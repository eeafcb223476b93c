import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
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
import { eventFilterSql, resolveFilter, seconds, ts } from "./filter";

/**
 * Each entrant's walk as steps (`runs`: one row per step, d = 0 for the entry's own, with the
 * step before it and the time since it) and per customer the path (step ids of d = 1…N joined
 * by ">") and whether the walk reached the conversion stage. With `compare` (the path
 * comparison), per customer also `to_conversion` (seconds from the entry to the walk's first
 * conversion-stage event, null without one) and the walk's ratings (`rating_sum`, `ratings`).
 */
export function walksSql(plan: PathsPlan, compare = false): SQL {
  const { f } = plan;
  const W = seconds(plan.windowSeconds);
  const step = plan.level === "stage" ? sql`e.stage_id` : sql`e.touchpoint_id`;
  const startColumn = plan.start.kind === "stage" ? sql`e.stage_id` : sql`e.touchpoint_id`;
  return sql`
    ev AS (
      SELECT e.customer_id, e.occurred_at AS t, e.event_id COLLATE "C" AS id, e.stage_id,
        ${compare ? sql`e.satisfaction,` : sql``}
        ${step} AS step, ${startColumn} = ${plan.start.id} AS is_start
      FROM events e
      WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)} + ${W}
        AND ${eventFilterSql(f)}
    ),
    entry AS (
      SELECT DISTINCT ON (customer_id) customer_id, t AS t0, id AS id0
      FROM ev
      WHERE is_start AND t < ${ts(f.to)}
      ORDER BY customer_id, t, id
    ),
    walk AS (
      SELECT ev.customer_id, ev.t, ev.id, ev.step, ev.stage_id,
        ${compare ? sql`ev.satisfaction, entry.t0,` : sql``}
        lag(ev.step) OVER (PARTITION BY ev.customer_id ORDER BY ev.t, ev.id) AS prev
      FROM ev JOIN entry USING (customer_id)
      WHERE (ev.t, ev.id) >= (entry.t0, entry.id0) AND ev.t <= entry.t0 + ${W}
    ),
    runs AS (
      SELECT customer_id, step,
        row_number() OVER w - 1 AS d,
        lag(step) OVER w AS source,
        extract(epoch FROM t - lag(t) OVER w) AS dt
      FROM walk
      WHERE prev IS DISTINCT FROM step
      WINDOW w AS (PARTITION BY customer_id ORDER BY t, id)
    ),
    per_customer AS (
      SELECT r.customer_id,
        coalesce(string_agg(r.step::text, '>' ORDER BY r.d)
          FILTER (WHERE r.d BETWEEN 1 AND ${plan.steps}), '') AS path,
        bool_or(c.converted) AS converted
        ${compare ? sql`, min(c.to_conversion) AS to_conversion, min(c.rating_sum) AS rating_sum, min(c.ratings) AS ratings` : sql``}
      FROM runs r
      JOIN (
        SELECT customer_id, bool_or(stage_id = ${plan.conversion.id}) AS converted
        ${
          compare
            ? sql`, extract(epoch FROM min(t) FILTER (WHERE stage_id = ${plan.conversion.id}) - min(t0))
            AS to_conversion, sum(satisfaction) AS rating_sum, count(satisfaction) AS ratings`
            : sql``
        }
        FROM walk GROUP BY customer_id
      ) c USING (customer_id)
      GROUP BY r.customer_id
    )`;
}

/** Observed paths from a start: every path's counts, then the links of the listed ones. */
export async function getObservedPaths(
  db: Database,
  params: GetObservedPathsParams,
): Promise<ObservedPaths> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const plan = planPaths(f, params);
  const walks = walksSql(plan);
  const rows = await queryRows<PathSqlRow>(
    db,
    sql`
      WITH ${walks}
      SELECT path, count(*)::int AS customers, (count(*) FILTER (WHERE converted))::int AS converted
      FROM per_customer
      GROUP BY path`,
  );
  const listed = topPaths(plan, rows);
  if (listed.length === 0) return buildObservedPaths(plan, rows, []);
  const isListed = sql`p.path IN (${sql.join(
    listed.map((r) => sql`${r.path}`),
    sql`, `,
  )})`;
  const links = await queryRows<PathLinkSqlRow>(
    db,
    sql`
      WITH ${walks}
      SELECT r.d AS depth,
        CASE WHEN r.d = 1 THEN NULL ELSE r.source END AS source,
        CASE WHEN ${isListed} THEN r.step END AS target,
        count(*)::int AS customers,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY r.dt) AS median_s
      FROM runs r JOIN per_customer p USING (customer_id)
      WHERE r.d BETWEEN 1 AND ${plan.steps} AND (${isListed} OR r.d = 1)
      GROUP BY 1, 2, 3`,
  );
  return buildObservedPaths(plan, rows, links);
}
