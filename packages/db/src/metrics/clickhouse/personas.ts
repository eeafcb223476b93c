import { coded } from "@parcours/validators";
import type { ClickHouse } from "../../analytics/clickhouse/client";
import { chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import { CatalogueError } from "../../queries/errors";
import {
  buildPersonaBreakdown,
  type GetPersonaBreakdownParams,
  type PersonaBreakdown,
  type PersonaBreakdownSqlRow,
} from "../personas";
import {
  type ClickHouseMetricParams,
  CURRENT_PERSONA,
  eventFilter,
  inPeriod,
  ON_THE_SHARDS,
  PER_CUSTOMER_SETTINGS,
  personaOrNull,
  resolve,
} from "./filter";

export type ClickHousePersonaBreakdownParams = Omit<GetPersonaBreakdownParams, "catalogue"> &
  ClickHouseMetricParams;

/**
 * Per persona (and unassigned customers): one row per customer with a bitmask of the stages
 * reached and its sums, then the customer's current persona, then the totals per persona.
 */
export async function getPersonaBreakdown(
  ch: ClickHouse,
  params: ClickHousePersonaBreakdownParams,
): Promise<PersonaBreakdown> {
  const f = resolve(params);
  const stages = f.catalogue.stages;
  if (stages.length > 62) throw new CatalogueError(coded("tooManyStages", { max: 62 }));
  const bit = (i: number) => lit.uint(2n ** BigInt(i));
  const stageBit = chSql`multiIf(${joinSql(
    stages.map((s, i) => chSql`stage_id = ${lit.uint(s.id)}, ${bit(i)}`),
    ", ",
  )}, toUInt64(0))`;
  const rows = await ch.query<PersonaBreakdownSqlRow & { persona_id: number }>(chSql`
    SELECT persona_id,
      count() AS customers,
      ${joinSql(
        stages.map(
          (_, i) => chSql`countIf(bitAnd(stages, ${bit(i)}) != 0) AS ${lit.ident(`reach_${i}`)}`,
        ),
        ", ",
      )},
      sum(n) AS events,
      sum(rev) AS revenue_cents,
      sum(order_rev) AS order_revenue_cents,
      sum(orders) AS orders,
      sum(ss) AS sat_sum,
      sum(sn) AS sat_n
    FROM (
      SELECT customer_id,
        groupBitOr(${stageBit}) AS stages,
        count() AS n,
        sum(revenue_cents) AS rev,
        sumIf(revenue_cents, type = 'purchase') AS order_rev,
        countIf(type = 'purchase') AS orders,
        sum(satisfaction) AS ss,
        count(satisfaction) AS sn
      FROM events
      WHERE ${inPeriod(f.from, f.to)} AND ${eventFilter(f)}
      GROUP BY customer_id
      ${ON_THE_SHARDS}) AS per_customer
    ANY LEFT JOIN (${CURRENT_PERSONA}) AS current USING customer_id
    GROUP BY persona_id
    ${PER_CUSTOMER_SETTINGS}`);
  return buildPersonaBreakdown(
    f,
    rows.map((row) => ({ ...row, persona_id: personaOrNull(row.persona_id) })),
  );
}
