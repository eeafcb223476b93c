import type { TAnalyticsFilter } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import type { Catalogue } from "./catalogue";
import {
  conversionStage,
  eventFilterSql,
  fromCents,
  num,
  numOrNull,
  REVENUE_CENTS,
  type ResolvedFilter,
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

/** One period's figures: columns `<name>_cur` and `<name>_prev` of the query's single row. */
interface KpiColumns {
  active: number | string;
  events: number | string;
  converted: number | string;
  revenue_cents: string | number | null;
  sat_sum: number | string | null;
  sat_n: number | string;
}
export type KpiRow = { [K in keyof KpiColumns as `${K}_cur` | `${K}_prev`]: KpiColumns[K] };

/** Headline KPIs for a period and the same-length period before it, in one scan. */
export async function getOverviewKpis(
  db: Database,
  params: GetOverviewKpisParams,
): Promise<OverviewKpis> {
  const f = await resolveFilter(db, params.filter, params.catalogue);
  const conversion = conversionStage(f.catalogue);
  const length = f.to.getTime() - f.from.getTime();
  const previousFrom = new Date(f.from.getTime() - length);

  // One group per customer with each figure kept apart per period (FILTER), rather than one
  // group per customer and period: a fifth faster on the embedded database, the same on
  // PostgreSQL. Revenue is summed in whole cents (REVENUE_CENTS).
  const periods = [
    ["cur", sql`e.occurred_at >= ${ts(f.from)}`],
    ["prev", sql`e.occurred_at < ${ts(f.from)}`],
  ] as const;
  const perCustomer = periods.map(
    ([name, inPeriod]) => sql`
      count(*) FILTER (WHERE ${inPeriod}) AS ${sql.raw(`n_${name}`)},
      bool_or(e.stage_id = ${conversion.id}) FILTER (WHERE ${inPeriod}) AS ${sql.raw(`converted_${name}`)},
      sum(${REVENUE_CENTS}) FILTER (WHERE ${inPeriod}) AS ${sql.raw(`revenue_${name}`)},
      sum(e.satisfaction) FILTER (WHERE ${inPeriod}) AS ${sql.raw(`sat_sum_${name}`)},
      count(e.satisfaction) FILTER (WHERE ${inPeriod}) AS ${sql.raw(`sat_n_${name}`)}`,
  );
  const totals = periods.map(([name]) => {
    const col = (prefix: string) => sql.raw(`${prefix}_${name}`);
    return sql`
      (count(*) FILTER (WHERE ${col("n")} > 0))::int AS ${col("active")},
      coalesce(sum(${col("n")}), 0)::int AS ${col("events")},
      (count(*) FILTER (WHERE ${col("converted")}))::int AS ${col("converted")},
      sum(${col("revenue")})::text AS ${col("revenue_cents")},
      sum(${col("sat_sum")})::float8 AS ${col("sat_sum")},
      coalesce(sum(${col("sat_n")}), 0)::int AS ${col("sat_n")}`;
  });
  const rows = await queryRows<KpiRow>(
    db,
    sql`
      WITH per_customer AS (
        SELECT e.customer_id, ${sql.join(perCustomer, sql`,`)}
        FROM events e
        WHERE e.occurred_at >= ${ts(previousFrom)} AND e.occurred_at < ${ts(f.to)}
          AND ${eventFilterSql(f)}
        GROUP BY e.customer_id
      )
      SELECT ${sql.join(totals, sql`,`)}
      FROM per_customer`,
  );
  return buildOverviewKpis(f, rows[0]);
}

/** The KPIs from the query's one row (undefined: no events at all). */
export function buildOverviewKpis(f: ResolvedFilter, row: KpiRow | undefined): OverviewKpis {
  const conversion = conversionStage(f.catalogue);
  const previousFrom = new Date(f.from.getTime() - (f.to.getTime() - f.from.getTime()));

  const build = (period: "cur" | "prev", from: Date, to: Date): KpiPeriod => {
    const active = num(row?.[`active_${period}`]);
    const converted = num(row?.[`converted_${period}`]);
    return {
      from,
      to,
      activeCustomers: active,
      events: num(row?.[`events_${period}`]),
      convertedCustomers: converted,
      conversionRate: ratio(converted, active),
      revenue: fromCents(row?.[`revenue_cents_${period}`]),
      satisfaction: satisfaction(
        numOrNull(row?.[`sat_sum_${period}`]),
        num(row?.[`sat_n_${period}`]),
      ),
    };
  };

  return {
    conversionStage: conversion.key,
    current: build("cur", f.from, f.to),
    previous: build("prev", previousFrom, f.from),
  };
}
