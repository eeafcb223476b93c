import { coded } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../client";
import { CatalogueError } from "../../queries/errors";
import {
  buildPersonaBreakdown,
  type GetPersonaBreakdownParams,
  type PersonaBreakdown,
  type PersonaBreakdownSqlRow,
} from "../personas";
import { eventFilterSql, REVENUE_CENTS, resolveFilter, ts } from "./filter";

/**
 * Per persona (and unassigned customers): active customers, events, reach per stage,
 * conversion rate, satisfaction with n, revenue and average order value (purchase events).
 */
export async function getPersonaBreakdown(
  db: Database,
  params: GetPersonaBreakdownParams,
): Promise<PersonaBreakdown> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const stages = f.catalogue.stages;
  if (stages.length > 62) throw new CatalogueError(coded("tooManyStages", { max: 62 }));
  const stageBit = sql`CASE e.stage_id ${sql.join(
    stages.map((stage, i) => sql`WHEN ${stage.id} THEN ${2 ** i}::bigint`),
    sql` `,
  )} ELSE 0::bigint END`;
  // One row per customer with a bitmask of the stages reached: reach is then a count per bit,
  // and the other figures are plain sums, in a single pass over the period's events.
  const rows = await queryRows<PersonaBreakdownSqlRow>(
    db,
    sql`
      WITH per_customer AS (
        SELECT e.customer_id,
          bit_or(${stageBit}) AS stages,
          count(*) AS events,
          sum(${REVENUE_CENTS}) AS revenue,
          sum(${REVENUE_CENTS}) FILTER (WHERE e.type = 'purchase') AS order_revenue,
          count(*) FILTER (WHERE e.type = 'purchase') AS orders,
          sum(e.satisfaction) AS sat_sum,
          count(e.satisfaction) AS sat_n
        FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
          AND ${eventFilterSql(f)}
        GROUP BY e.customer_id
      )
      SELECT c.persona_id,
        count(*)::int AS customers,
        ${sql.join(
          stages.map(
            (_, i) =>
              sql`(count(*) FILTER (WHERE pc.stages & ${2 ** i}::bigint <> 0))::int AS ${sql.raw(`reach_${i}`)}`,
          ),
          sql`, `,
        )},
        sum(pc.events)::int AS events,
        sum(pc.revenue)::text AS revenue_cents,
        sum(pc.order_revenue)::text AS order_revenue_cents,
        sum(pc.orders)::int AS orders,
        sum(pc.sat_sum)::float8 AS sat_sum,
        sum(pc.sat_n)::int AS sat_n
      FROM per_customer pc
      JOIN customers c ON c.id = pc.customer_id
      GROUP BY c.persona_id`,
  );

  return buildPersonaBreakdown(f, rows);
}
