import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import { buildDrivers, type DriverRow, type Drivers, type GetDriversParams } from "../drivers";
import { conversionStage } from "../filter";
import { eventFilterSql, resolveFilter, ts } from "./filter";

/**
 * Touchpoint drivers: per stage (touchpoint_id 0) and per cell, the customers with an event
 * there in the period, how many converted and their mean ratings' sum and sum of squares, each
 * customer's figures computed once over all their period's events (buildDrivers takes the
 * comparison group as the stage less the cell).
 */
export async function getDrivers(db: Database, params: GetDriversParams): Promise<Drivers> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const conversion = conversionStage(f.catalogue);
  const rows = await queryRows<DriverRow>(
    db,
    sql`
      WITH period_events AS (
        SELECT e.customer_id, e.touchpoint_id, e.stage_id, e.satisfaction
        FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
          AND ${eventFilterSql(f)}
      ),
      per_customer AS (
        SELECT customer_id,
          bool_or(stage_id = ${conversion.id}) AS converted,
          sum(satisfaction)::float8 / nullif(count(satisfaction), 0) AS sat
        FROM period_events
        GROUP BY customer_id
      ),
      places AS (
        SELECT DISTINCT customer_id, touchpoint_id, stage_id FROM period_events
        UNION ALL
        SELECT DISTINCT customer_id, 0, stage_id FROM period_events
      )
      SELECT p.touchpoint_id, p.stage_id,
        count(*)::int AS customers,
        (count(*) FILTER (WHERE c.converted))::int AS converted,
        count(c.sat)::int AS rated,
        sum(c.sat)::float8 AS sat_sum,
        sum(c.sat * c.sat)::float8 AS sat_sq
      FROM places p JOIN per_customer c USING (customer_id)
      GROUP BY p.touchpoint_id, p.stage_id`,
  );
  return buildDrivers(f, rows);
}
