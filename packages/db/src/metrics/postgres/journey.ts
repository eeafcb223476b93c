import { DEFAULT_WINDOW_SECONDS } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import {
  buildJourneyMap,
  type ConverterOrdersSqlRow,
  type GetJourneyMapParams,
  type JourneyMap,
  type JourneyStageSqlRow,
  previousPeriodFilter,
  withPainPointTrend,
} from "../journey";
import { eventFilterSql, REVENUE_CENTS, resolveFilter, ts } from "./filter";
import { getTouchpointHeatmap } from "./heatmap";
import { touchesSql } from "./next-stage";

/**
 * The measured journey map: per stage, customers reached, conversion to the next stage within
 * W, median time to it and satisfaction; per touchpoint × stage cell, the heatmap's reach,
 * satisfaction and next-stage share; and the pain points those numbers show.
 *
 * A customer of a stage converts when one of their touches in it reached the next stage within
 * W, by the heatmap's own definition (touchesSql), so a stage's converters are exactly the
 * customers its cells count as reaching. The delay runs from the earliest such touch to its
 * next-stage event: that touch has the smallest next_t of the reaching ones.
 */
export async function getJourneyMap(
  db: Database,
  params: GetJourneyMapParams,
): Promise<JourneyMap> {
  const windowSeconds = params.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const f = await resolveFilter(db, params.filter, params.catalogue);

  const rows = await queryRows<JourneyStageSqlRow>(
    db,
    sql`
      WITH per_customer AS (
        SELECT customer_id, stage_id,
          min(t) FILTER (WHERE reached) AS reach_t,
          min(next_t) FILTER (WHERE reached) AS next_t,
          sum(satisfaction) AS sat_sum, count(satisfaction) AS sat_n
        FROM (${touchesSql(f, windowSeconds)}) touches
        GROUP BY customer_id, stage_id
      )
      SELECT stage_id,
        count(*)::int AS customers,
        count(next_t)::int AS reached_next,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM next_t - reach_t))
          FILTER (WHERE next_t IS NOT NULL) AS median_s,
        sum(sat_sum)::float8 AS sat_sum,
        sum(sat_n)::int AS sat_n
      FROM per_customer
      GROUP BY stage_id`,
  );
  const heatmap = await getTouchpointHeatmap(db, {
    filter: params.filter,
    windowSeconds,
    catalogue: f.catalogue,
  });
  // The average order value of converters (docs/metrics.md): purchases in the period, after the
  // filters, by customers with an event in the conversion stage in the period.
  const conversion = f.catalogue.stages.find((s) => s.isConversion);
  const [orders] = conversion
    ? await queryRows<ConverterOrdersSqlRow>(
        db,
        sql`
          SELECT sum(rev)::text AS order_revenue_cents, sum(orders)::int AS orders
          FROM (
            SELECT bool_or(e.stage_id = ${conversion.id}) AS converted,
              sum(${REVENUE_CENTS}) FILTER (WHERE e.type = 'purchase') AS rev,
              count(*) FILTER (WHERE e.type = 'purchase') AS orders
            FROM events e
            WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
              AND ${eventFilterSql(f)}
            GROUP BY e.customer_id
          ) per_customer
          WHERE converted`,
      )
    : [];
  const map = buildJourneyMap(f, windowSeconds, rows, heatmap, orders);
  if (!params.trend) return map;
  const previous = await getJourneyMap(db, {
    filter: previousPeriodFilter(params.filter, f),
    windowSeconds,
    catalogue: f.catalogue,
  });
  return withPainPointTrend(map, previous);
}
