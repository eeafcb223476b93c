import { DEFAULT_WINDOW_SECONDS } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import {
  buildJourneyMap,
  type GetJourneyMapParams,
  type JourneyMap,
  type JourneyStageSqlRow,
} from "../journey";
import { eventFilterSql, resolveFilter, seconds, ts } from "./filter";
import { getTouchpointHeatmap } from "./heatmap";

/**
 * The measured journey map: per stage, customers reached, conversion to the next stage within
 * W, median time to it and satisfaction; per touchpoint × stage cell, the heatmap's reach,
 * satisfaction and next-stage share; and the pain points those numbers show.
 */
export async function getJourneyMap(
  db: Database,
  params: GetJourneyMapParams,
): Promise<JourneyMap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const stages = f.catalogue.stages;
  const W = seconds(windowSeconds);
  const pairs = stages.flatMap((s, i) => {
    const next = stages[i + 1];
    return next ? [sql`(${s.id}::int, ${next.id}::int)`] : [];
  });

  const rows = await queryRows<JourneyStageSqlRow>(
    db,
    sql`
      WITH ev AS (
        SELECT e.customer_id, e.stage_id, e.occurred_at AS t, e.satisfaction,
          e.occurred_at < ${ts(f.to)} AS touch
        FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)} + ${W}
          AND ${eventFilterSql(f)}
      ),
      first_in AS (
        SELECT customer_id, stage_id, min(t) AS first_t,
          sum(satisfaction) AS sat_sum, count(satisfaction) AS sat_n
        FROM ev WHERE touch
        GROUP BY customer_id, stage_id
      ),
      next_hit AS (
        ${
          pairs.length === 0
            ? sql`SELECT NULL::int AS customer_id, NULL::int AS stage_id, NULL::timestamptz AS next_t WHERE false`
            : sql`SELECT f.customer_id, f.stage_id, min(e.t) AS next_t
        FROM first_in f
        JOIN (VALUES ${sql.join(pairs, sql`, `)}) AS m(stage_id, next_id) ON m.stage_id = f.stage_id
        JOIN ev e ON e.customer_id = f.customer_id AND e.stage_id = m.next_id
          AND e.t >= f.first_t AND e.t <= f.first_t + ${W}
        GROUP BY f.customer_id, f.stage_id`
        }
      )
      SELECT f.stage_id,
        count(*)::int AS customers,
        count(n.next_t)::int AS reached_next,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM n.next_t - f.first_t))
          FILTER (WHERE n.next_t IS NOT NULL) AS median_s,
        sum(f.sat_sum)::float8 AS sat_sum,
        sum(f.sat_n)::int AS sat_n
      FROM first_in f
      LEFT JOIN next_hit n ON n.customer_id = f.customer_id AND n.stage_id = f.stage_id
      GROUP BY f.stage_id`,
  );
  const heatmap = await getTouchpointHeatmap(db, {
    filter: params.filter,
    windowSeconds,
    catalogue: f.catalogue,
  });
  return buildJourneyMap(f, windowSeconds, rows, heatmap);
}
