import type { TAnalyticsFilter } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import type { Catalogue } from "./catalogue";
import { CatalogueError } from "./errors";
import {
  conversionStage,
  eventFilterSql,
  fromCents,
  num,
  numOrNull,
  personaSelected,
  REVENUE_CENTS,
  type ResolvedFilter,
  ratio,
  resolveFilter,
  type Satisfaction,
  satisfaction,
  selectedPersonaIds,
  ts,
  UNASSIGNED,
} from "./filter";

export interface GetPersonaBreakdownParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
}

export interface PersonaBreakdownRow {
  /** Persona key, or `unassigned`. */
  persona: string;
  name: string | null;
  colour: string | null;
  activeCustomers: number;
  events: number;
  /** Customers with at least one event in each stage, keyed by stage key (every stage present). */
  reach: Record<string, number>;
  conversionRate: number | null;
  satisfaction: Satisfaction;
  revenue: number;
  /** Purchase events and their revenue: the denominator and numerator of the average order value. */
  orders: number;
  averageOrderValue: number | null;
}

export interface PersonaBreakdown {
  conversionStage: string;
  personas: PersonaBreakdownRow[];
}

/** One persona's sums, as either engine's SQL returns them (reach_i: the i-th stage's reach). */
export interface PersonaBreakdownSqlRow {
  /** null: unassigned customers. */
  persona_id: number | null;
  customers: number | string;
  [reach: `reach_${number}`]: number | string;
  events: number | string;
  revenue_cents: string | number | null;
  order_revenue_cents: string | number | null;
  orders: number | string;
  sat_sum: number | string | null;
  sat_n: number | string;
}

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
  if (stages.length > 62) throw new CatalogueError("reach is computed for at most 62 stages");
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

/** The breakdown from per-persona sums: every active persona (zeros too), then unassigned. */
export function buildPersonaBreakdown(
  f: ResolvedFilter,
  rows: PersonaBreakdownSqlRow[],
): PersonaBreakdown {
  const conversion = conversionStage(f.catalogue);
  const stages = f.catalogue.stages;
  const personaById = new Map(f.catalogue.personas.map((p) => [p.id, p]));
  const byPersona = new Map(rows.map((row) => [row.persona_id, row]));

  // Every active persona appears (with zeros), then unassigned; archived ones only with data.
  const order = selectedPersonaIds(f);
  for (const id of byPersona.keys())
    if (!order.includes(id) && personaSelected(f, id)) order.push(id);

  const personas = order.map((id): PersonaBreakdownRow => {
    const row = byPersona.get(id);
    const reach: Record<string, number> = {};
    stages.forEach((stage, i) => {
      reach[stage.key] = num(row?.[`reach_${i}`]);
    });
    const active = num(row?.customers);
    const orders = num(row?.orders);
    const persona = id === null ? undefined : personaById.get(id);
    return {
      persona: id === null ? UNASSIGNED : (persona?.key ?? `persona-${id}`),
      name: persona?.name ?? null,
      colour: persona?.colour ?? null,
      activeCustomers: active,
      events: num(row?.events),
      reach,
      conversionRate: ratio(reach[conversion.key] ?? 0, active),
      satisfaction: satisfaction(numOrNull(row?.sat_sum), num(row?.sat_n)),
      revenue: fromCents(row?.revenue_cents),
      orders,
      averageOrderValue: orders > 0 ? fromCents(row?.order_revenue_cents) / orders : null,
    };
  });
  return { conversionStage: conversion.key, personas };
}
