import { DEFAULT_WINDOW_SECONDS } from "@parcours/validators";
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import {
  buildHeatmap,
  type GetTouchpointHeatmapParams,
  type HeatmapCellRow,
  nextStages,
  type TouchpointHeatmap,
} from "../heatmap";
import { eventFilterSql, resolveFilter, seconds, ts } from "./filter";

/**
 * Touchpoint × stage matrix. The next-stage share needs, for each touch, the customer's first
 * event in the following stage at or after it: a running min over the customer's events in
 * reverse time order, one per stage, picked by the touched stage's successor.
 */
export async function getTouchpointHeatmap(
  db: Database,
  params: GetTouchpointHeatmapParams,
): Promise<TouchpointHeatmap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const stages = f.catalogue.stages;
  const W = seconds(windowSeconds);

  const nextOf = nextStages(stages);
  const successors = [...new Set(nextOf.values())];
  const nextTimes: SQL[] = successors.map(
    (id) => sql`min(t) FILTER (WHERE stage_id = ${id}) OVER w AS ${sql.raw(`n${id}`)}`,
  );
  const pickNext: SQL =
    nextOf.size === 0
      ? sql`NULL::timestamptz`
      : sql`CASE stage_id ${sql.join(
          [...nextOf.entries()].map(([from, to]) => sql`WHEN ${from} THEN ${sql.raw(`n${to}`)}`),
          sql` `,
        )} END`;

  const rows = await queryRows<HeatmapCellRow>(
    db,
    sql`
      WITH ev AS (
        SELECT e.customer_id, e.touchpoint_id, e.stage_id, e.occurred_at AS t, e.satisfaction,
          e.occurred_at < ${ts(f.to)} AS touch
        FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)} + ${W}
          AND ${eventFilterSql(f)}
      ),
      nx AS (
        SELECT ev.*${nextTimes.length > 0 ? sql`, ${sql.join(nextTimes, sql`, `)}` : sql``}
        FROM ev
        WINDOW w AS (PARTITION BY customer_id ORDER BY t DESC RANGE UNBOUNDED PRECEDING)
      ),
      per_customer AS (
        SELECT touchpoint_id, stage_id, customer_id,
          count(*) AS events,
          bool_or(${pickNext} - t <= ${W}) AS reached,
          sum(satisfaction) AS sat_sum,
          count(satisfaction) AS sat_n
        FROM nx
        WHERE touch
        GROUP BY touchpoint_id, stage_id, customer_id
      )
      SELECT touchpoint_id, stage_id,
        sum(events)::int AS events,
        count(*)::int AS customers,
        (count(*) FILTER (WHERE reached))::int AS reached,
        sum(sat_sum)::float8 AS sat_sum,
        sum(sat_n)::int AS sat_n
      FROM per_customer
      GROUP BY touchpoint_id, stage_id`,
  );

  return buildHeatmap(f, rows, windowSeconds);
}
