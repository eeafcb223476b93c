import { type TAnalyticsFilter, UNASSIGNED } from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import {
  conversionStage,
  fromCents,
  num,
  numOrNull,
  personaSelected,
  type ResolvedFilter,
  ratio,
  type Satisfaction,
  satisfaction,
  selectedPersonaIds,
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
