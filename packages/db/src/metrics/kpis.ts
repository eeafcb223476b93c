import type { TAnalyticsFilter } from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import {
  conversionStage,
  fromCents,
  num,
  numOrNull,
  type ResolvedFilter,
  ratio,
  type Satisfaction,
  satisfaction,
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
