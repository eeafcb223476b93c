import type { TAnalyticsFilter } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import {
  conversionStage,
  eventFilterSql,
  num,
  numOrNull,
  ratio,
  resolveFilter,
  type Satisfaction,
  satisfaction,
  ts,
  UNASSIGNED,
} from "./filter";

export interface GetPersonaBreakdownParams {
  filter: TAnalyticsFilter;
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

interface Row {
  persona_id: number | null;
  stage_id: number | null;
  customers: number;
  events: number;
  revenue: string | null;
  order_revenue: string | null;
  orders: number;
  sat_sum: number | null;
  sat_n: number;
}

/**
 * Per persona (and unassigned customers): active customers, events, reach per stage,
 * conversion rate, satisfaction with n, revenue and average order value (purchase events).
 */
export async function getPersonaBreakdown(
  db: Database,
  params: GetPersonaBreakdownParams,
): Promise<PersonaBreakdown> {
  const f = await resolveFilter(db, params.filter);
  const conversion = conversionStage(f.catalogue);
  const rows = await queryRows<Row>(
    db,
    sql`
      WITH per_customer_stage AS (
        SELECT e.customer_id, e.stage_id,
          count(*) AS events,
          sum(e.revenue) AS revenue,
          sum(e.revenue) FILTER (WHERE e.type = 'purchase') AS order_revenue,
          count(*) FILTER (WHERE e.type = 'purchase') AS orders,
          sum(e.satisfaction) AS sat_sum,
          count(e.satisfaction) AS sat_n
        FROM events e
        WHERE e.occurred_at >= ${ts(f.from)} AND e.occurred_at < ${ts(f.to)}
          AND ${eventFilterSql(f)}
        GROUP BY e.customer_id, e.stage_id
      )
      SELECT c.persona_id,
        CASE WHEN grouping(pcs.stage_id) = 0 THEN pcs.stage_id END AS stage_id,
        count(DISTINCT pcs.customer_id)::int AS customers,
        sum(pcs.events)::int AS events,
        sum(pcs.revenue)::text AS revenue,
        sum(pcs.order_revenue)::text AS order_revenue,
        sum(pcs.orders)::int AS orders,
        sum(pcs.sat_sum)::float8 AS sat_sum,
        sum(pcs.sat_n)::int AS sat_n
      FROM per_customer_stage pcs
      JOIN customers c ON c.id = pcs.customer_id
      GROUP BY GROUPING SETS ((c.persona_id), (c.persona_id, pcs.stage_id))`,
  );

  const stageKey = new Map(f.catalogue.stages.map((s) => [s.id, s.key]));
  const personaById = new Map(f.catalogue.personas.map((p) => [p.id, p]));
  const groups = new Map<number | null, { total?: Row; stages: Row[] }>();
  for (const row of rows) {
    const group = groups.get(row.persona_id) ?? { stages: [] };
    if (row.stage_id === null) group.total = row;
    else group.stages.push(row);
    groups.set(row.persona_id, group);
  }

  // Every active persona appears (with zeros), then unassigned; archived ones only with data.
  const order: (number | null)[] = [...f.catalogue.personas.map((p) => p.id), null];
  for (const id of groups.keys()) if (!order.includes(id)) order.push(id);
  const wanted = (id: number | null) =>
    !f.personaIds || (id === null ? f.includeUnassigned : f.personaIds.includes(id));

  const personas = order.filter(wanted).map((id): PersonaBreakdownRow => {
    const group = groups.get(id);
    const total = group?.total;
    const reach: Record<string, number> = {};
    for (const stage of f.catalogue.stages) reach[stage.key] = 0;
    for (const row of group?.stages ?? []) {
      const key = row.stage_id === null ? undefined : stageKey.get(row.stage_id);
      if (key) reach[key] = num(row.customers);
    }
    const active = num(total?.customers);
    const orders = num(total?.orders);
    const persona = id === null ? undefined : personaById.get(id);
    return {
      persona: id === null ? UNASSIGNED : (persona?.key ?? `persona-${id}`),
      name: persona?.name ?? null,
      colour: persona?.colour ?? null,
      activeCustomers: active,
      events: num(total?.events),
      reach,
      conversionRate: ratio(reach[conversion.key] ?? 0, active),
      satisfaction: satisfaction(numOrNull(total?.sat_sum), num(total?.sat_n)),
      revenue: num(total?.revenue),
      orders,
      averageOrderValue: orders > 0 ? num(total?.order_revenue) / orders : null,
    };
  });
  return { conversionStage: conversion.key, personas };
}
