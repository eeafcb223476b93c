import type { TAnalyticsFilter } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import type { Catalogue } from "./catalogue";
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
} from "./filter";

export interface GetOverviewKpisParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
}

export interface KpiPeriod {
  from: Date;
  to: Date;
  /** Customers with at least one event in the period. */
  activeCustomers: number;
  events: number;
  /** Active customers with at least one event in the conversion stage. */
  convertedCustomers: number;
  /** convertedCustomers ÷ activeCustomers. */
  conversionRate: number | null;
  /** Sum of event revenue in the period (returns carry negative revenue). */
  revenue: number;
  satisfaction: Satisfaction;
}

export interface OverviewKpis {
  conversionStage: string;
  current: KpiPeriod;
  /** The period of the same length just before `from`. */
  previous: KpiPeriod;
}

interface KpiRow {
  current: boolean;
  active: number;
  events: number;
  converted: number;
  revenue: string | number | null;
  sat_sum: number | null;
  sat_n: number;
}

/** Headline KPIs for a period and the same-length period before it, in one scan. */
export async function getOverviewKpis(
  db: Database,
  params: GetOverviewKpisParams,
): Promise<OverviewKpis> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const conversion = conversionStage(f.catalogue);
  const length = f.to.getTime() - f.from.getTime();
  const previousFrom = new Date(f.from.getTime() - length);

  const rows = await queryRows<KpiRow>(
    db,
    sql`
      WITH per_customer AS (
        SELECT e.customer_id,
          e.occurred_at >= ${ts(f.from)} AS current,
          count(*) AS n,
          bool_or(e.stage_id = ${conversion.id}) AS converted,
          sum(e.revenue) AS revenue,
          sum(e.satisfaction) AS sat_sum,
          count(e.satisfaction) AS sat_n
        FROM events e
        WHERE e.occurred_at >= ${ts(previousFrom)} AND e.occurred_at < ${ts(f.to)}
          AND ${eventFilterSql(f)}
        GROUP BY e.customer_id, 2
      )
      SELECT current,
        count(*)::int AS active,
        sum(n)::int AS events,
        (count(*) FILTER (WHERE converted))::int AS converted,
        round(sum(revenue), 2)::text AS revenue,
        sum(sat_sum)::float8 AS sat_sum,
        sum(sat_n)::int AS sat_n
      FROM per_customer
      GROUP BY current`,
  );

  const build = (current: boolean, from: Date, to: Date): KpiPeriod => {
    const row = rows.find((r) => r.current === current);
    const active = num(row?.active);
    const converted = num(row?.converted);
    return {
      from,
      to,
      activeCustomers: active,
      events: num(row?.events),
      convertedCustomers: converted,
      conversionRate: ratio(converted, active),
      revenue: num(row?.revenue),
      satisfaction: satisfaction(numOrNull(row?.sat_sum), num(row?.sat_n)),
    };
  };

  return {
    conversionStage: conversion.key,
    current: build(true, f.from, f.to),
    previous: build(false, previousFrom, f.from),
  };
}
