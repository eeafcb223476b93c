import { DEFAULT_WINDOW_SECONDS } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import {
  buildHeatmap,
  type GetTouchpointHeatmapParams,
  type HeatmapCellRow,
  type TouchpointHeatmap,
} from "../heatmap";
import { resolveFilter } from "./filter";
import { touchesSql } from "./next-stage";

/**
 * Touchpoint × stage matrix: per cell its events, customers and ratings, and the customers
 * with a touch in the cell that reached the next stage within W (touchesSql).
 */
export async function getTouchpointHeatmap(
  db: Database,
  params: GetTouchpointHeatmapParams,
): Promise<TouchpointHeatmap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = await resolveFilter(db, params.filter, params.catalogue);

  const rows = await queryRows<HeatmapCellRow>(
    db,
    sql`
      WITH per_customer AS (
        SELECT touchpoint_id, stage_id, customer_id,
          count(*) AS events,
          bool_or(reached) AS reached,
          sum(satisfaction) AS sat_sum,
          count(satisfaction) AS sat_n
        FROM (${touchesSql(f, windowSeconds)}) touches
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
