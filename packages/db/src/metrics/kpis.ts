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
import { topValues, type ValueBreakdown } from "./funnel";

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

export interface GetKpiBreakdownParams extends GetOverviewKpisParams {
  /** A customer attribute or an event property, and how many of its values to show. */
  breakdown: ValueBreakdown;
}

/** A period's KPIs for some of its active customers. */
export type KpiFigures = Omit<KpiPeriod, "from" | "to">;

export interface KpiBreakdownSeries {
  /**
   * `value`: one of the top values; `other`: every other value together; `none`: customers
   * without the attribute or property (missing, null, an object or a list).
   */
  kind: "value" | "other" | "none";
  /** The value as text, or null for `other` and `none`. */
  value: string | null;
  kpis: KpiFigures;
}

export interface KpiBreakdown {
  breakdown: ValueBreakdown;
  conversionStage: string;
  from: Date;
  to: Date;
  /** Every active customer of the period: the series' figures add up to these. */
  total: KpiFigures;
  series: KpiBreakdownSeries[];
}

/**
 * One row per breakdown value of the period's active customers: `has` false (and `value` null or
 * '') for the customers without one. Both engines group their per-customer figures so.
 */
export interface KpiValueRow {
  has: boolean | number | string;
  value: string | null;
  active: number | string;
  events: number | string;
  converted: number | string;
  revenue_cents: string | number | null;
  sat_sum: number | string | null;
  sat_n: number | string;
}

interface Sums {
  active: number;
  events: number;
  converted: number;
  revenueCents: number;
  satSum: number | null;
  satN: number;
}

const NO_SUMS: Sums = {
  active: 0,
  events: 0,
  converted: 0,
  revenueCents: 0,
  satSum: null,
  satN: 0,
};

function sumsOf(row: KpiValueRow): Sums {
  return {
    active: num(row.active),
    events: num(row.events),
    converted: num(row.converted),
    revenueCents: num(row.revenue_cents),
    satSum: numOrNull(row.sat_sum),
    satN: num(row.sat_n),
  };
}

function add(a: Sums, b: Sums): Sums {
  return {
    active: a.active + b.active,
    events: a.events + b.events,
    converted: a.converted + b.converted,
    revenueCents: a.revenueCents + b.revenueCents,
    satSum: a.satSum === null ? b.satSum : b.satSum === null ? a.satSum : a.satSum + b.satSum,
    satN: a.satN + b.satN,
  };
}

function figures(s: Sums): KpiFigures {
  return {
    activeCustomers: s.active,
    events: s.events,
    convertedCustomers: s.converted,
    conversionRate: ratio(s.converted, s.active),
    revenue: fromCents(s.revenueCents),
    satisfaction: satisfaction(s.satSum, s.satN),
  };
}

const hasValue = (row: KpiValueRow) => row.has === true || row.has === 1 || row.has === "1";

/**
 * The KPIs per value: the top values by active customers (ties in byte order, as the funnel
 * breakdown ranks them: topValues), then `other` and `none` when they hold any customer.
 */
export function buildKpiBreakdown(
  f: ResolvedFilter,
  breakdown: ValueBreakdown,
  rows: KpiValueRow[],
): KpiBreakdown {
  const byValue = new Map<string, Sums>();
  let none = NO_SUMS;
  let total = NO_SUMS;
  for (const row of rows) {
    const sums = sumsOf(row);
    total = add(total, sums);
    if (!hasValue(row) || row.value === null) none = add(none, sums);
    else byValue.set(row.value, add(byValue.get(row.value) ?? NO_SUMS, sums));
  }
  const top = topValues(new Map([...byValue].map(([v, s]) => [v, s.active])), breakdown.top);
  const kept = new Set(top);
  let other = NO_SUMS;
  for (const [value, sums] of byValue) {
    if (!kept.has(value)) other = add(other, sums);
  }
  const series: KpiBreakdownSeries[] = top.map((value) => ({
    kind: "value",
    value,
    kpis: figures(byValue.get(value) ?? NO_SUMS),
  }));
  if (other.active > 0) series.push({ kind: "other", value: null, kpis: figures(other) });
  if (none.active > 0) series.push({ kind: "none", value: null, kpis: figures(none) });
  return {
    breakdown,
    conversionStage: conversionStage(f.catalogue).key,
    from: f.from,
    to: f.to,
    total: figures(total),
    series,
  };
}
