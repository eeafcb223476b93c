import type {
  TAnalyticsFilter,
  TMetricEvents,
  TMetricKind,
  TMetricTarget,
  TStageMetric,
} from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { fromCents, num, numOrNull, type ResolvedFilter, ratio } from "./filter";

export interface GetStageMetricsParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
}

/** met / missed against the target; no_data when there is no value; null without a target. */
export type StageMetricStatus = "met" | "missed" | "no_data";

export interface StageMetricValue {
  key: string;
  name: string;
  kind: TMetricKind;
  /**
   * events, customers: a count; ratio and repeat: a share (0–1, numerator ÷ denominator);
   * revenue: currency units; rating: mean 1–5; time: median seconds; cost: currency units per
   * customer or event counted. Null without a sample.
   */
  value: number | null;
  /**
   * The sample behind the value: the events or customers counted, the ratio's denominator,
   * the events with revenue, the rated events, the customers with one event of the type
   * (repeat), the customers timed (time), the customers or events the spend is divided by (cost).
   */
  n: number;
  target: TMetricTarget | null;
  status: StageMetricStatus | null;
  /** The value over the period of the same length just before, when it was computed. */
  previous: number | null;
}

export interface StageMetrics {
  from: Date;
  to: Date;
  stages: { stage: string; name: string; metrics: StageMetricValue[] }[];
}

/** A set of events a block counts, resolved: touchpoint ids (undefined: any) and types. */
export interface MetricSelection {
  key: string;
  touchpointIds: number[] | undefined;
  types: string[] | undefined;
}

/** One selection's per-period sums, as either engine returns them. */
export interface SelectionSqlRow {
  events: number | string;
  customers: number | string;
  /** Customers with at least two of its events. */
  repeaters: number | string;
  revenue_cents: number | string | null;
  revenue_n: number | string;
  sat_sum: number | string | null;
  sat_n: number | string;
}

/** One (from, to) pair's median seconds per customer and the customers timed. */
export interface TimeSqlRow {
  median: number | string | null;
  n: number | string;
}

export interface TimePair {
  from: string;
  to: string;
}

/** The channels a cost metric's spend is summed over (undefined: every channel). */
export interface SpendSet {
  key: string;
  channelIds: number[] | undefined;
}

/** One spend set's sum over the period's days and how many (day, channel) rows it has. */
export interface SpendSqlRow {
  cents: number | string | null;
  rows: number | string;
}

/**
 * Reads the spend sums of `sets` over the days of [from, to) from PostgreSQL (the system of
 * record), in the order of `sets`: both engines answer a cost from it.
 */
export type SpendReader = (from: Date, to: Date, sets: SpendSet[]) => Promise<SpendSqlRow[]>;

export interface StageMetricPlan {
  selections: MetricSelection[];
  pairs: TimePair[];
  spends: SpendSet[];
}

const selectionKey = (s: TMetricEvents) =>
  JSON.stringify([[...s.touchpoints].sort(), [...s.types].sort()]);
const pairKey = (p: TimePair) => JSON.stringify([p.from, p.to]);
const spendKey = (channels: string[]) => JSON.stringify([...new Set(channels)].sort());

/** The event sets of a metric (the repeat rate's is its type). */
function selectionsOf(metric: TStageMetric): TMetricEvents[] {
  switch (metric.kind) {
    case "ratio":
      return [metric.numerator.of, metric.denominator.of];
    case "cost":
      return [metric.per.of];
    case "repeat":
      return [{ touchpoints: [], types: [metric.type] }];
    case "time":
      return [];
    default:
      return [metric.of];
  }
}

function resolveSelection(s: TMetricEvents, catalogue: Catalogue): MetricSelection {
  const ids = new Map(catalogue.touchpoints.map((t) => [t.key, t.id]));
  return {
    key: selectionKey(s),
    touchpointIds:
      s.touchpoints.length > 0 ? s.touchpoints.flatMap((k) => ids.get(k) ?? []) : undefined,
    types: s.types.length > 0 ? [...new Set(s.types)].sort() : undefined,
  };
}

/** Every distinct event set and time pair the catalogue's metrics need, each computed once. */
export function planStageMetrics(catalogue: Catalogue): StageMetricPlan {
  const selections = new Map<string, MetricSelection>();
  const pairs = new Map<string, TimePair>();
  const spends = new Map<string, SpendSet>();
  const channelIds = new Map(catalogue.channels.map((c) => [c.key, c.id]));
  for (const stage of catalogue.stages) {
    for (const metric of stage.metrics) {
      for (const s of selectionsOf(metric)) {
        const key = selectionKey(s);
        if (!selections.has(key)) selections.set(key, resolveSelection(s, catalogue));
      }
      if (metric.kind === "time") {
        const pair = { from: metric.from, to: metric.to };
        pairs.set(pairKey(pair), pair);
      }
      if (metric.kind === "cost") {
        const key = spendKey(metric.channels);
        spends.set(key, {
          key,
          channelIds:
            metric.channels.length > 0
              ? [...new Set(metric.channels)].flatMap((k) => channelIds.get(k) ?? [])
              : undefined,
        });
      }
    }
  }
  return {
    selections: [...selections.values()],
    pairs: [...pairs.values()],
    spends: [...spends.values()],
  };
}

/**
 * The plan's spend sets under the filter: its channels narrow a metric's (as its touchpoints
 * narrow a block's), they never widen them.
 */
export function spendSetsUnder(f: ResolvedFilter, sets: SpendSet[]): SpendSet[] {
  const only = f.channelIds;
  if (!only) return sets;
  return sets.map((s) => ({
    key: s.key,
    channelIds: s.channelIds ? s.channelIds.filter((id) => only.includes(id)) : [...only],
  }));
}

/** The first day (UTC date) whose midnight is at or after `t`: days count when they start in [from, to). */
export function firstDayFrom(t: Date): string {
  const day = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
  if (day.getTime() < t.getTime()) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

function status(value: number | null, target: TMetricTarget | null): StageMetricStatus | null {
  if (!target) return null;
  if (value === null) return "no_data";
  return (target.op === "gte" ? value >= target.value : value <= target.value) ? "met" : "missed";
}

/** The stages' metric values from the plan's rows (in the plan's order). */
export function buildStageMetrics(
  f: ResolvedFilter,
  selectionRows: SelectionSqlRow[],
  timeRows: TimeSqlRow[],
  spendRows: SpendSqlRow[],
): StageMetrics {
  const plan = planStageMetrics(f.catalogue);
  const bySelection = new Map(plan.selections.map((s, i) => [s.key, selectionRows[i]]));
  const byPair = new Map(plan.pairs.map((p, i) => [pairKey(p), timeRows[i]]));
  const bySpend = new Map(plan.spends.map((s, i) => [s.key, spendRows[i]]));
  const count = (kind: "events" | "customers", of: TMetricEvents) => {
    const row = bySelection.get(selectionKey(of));
    return num(kind === "events" ? row?.events : row?.customers);
  };

  const evaluate = (m: TStageMetric): { value: number | null; n: number } => {
    switch (m.kind) {
      case "events":
      case "customers": {
        const n = count(m.kind, m.of);
        return { value: n, n };
      }
      case "ratio": {
        const denominator = count(m.denominator.kind, m.denominator.of);
        return {
          value: ratio(count(m.numerator.kind, m.numerator.of), denominator),
          n: denominator,
        };
      }
      case "revenue": {
        const row = bySelection.get(selectionKey(m.of));
        const n = num(row?.revenue_n);
        return { value: n > 0 ? fromCents(row?.revenue_cents) : null, n };
      }
      case "rating": {
        const row = bySelection.get(selectionKey(m.of));
        const n = num(row?.sat_n);
        return { value: n > 0 ? num(row?.sat_sum) / n : null, n };
      }
      case "repeat": {
        const row = bySelection.get(selectionKey({ touchpoints: [], types: [m.type] }));
        const n = num(row?.customers);
        return { value: ratio(num(row?.repeaters), n), n };
      }
      case "time": {
        const row = byPair.get(pairKey({ from: m.from, to: m.to }));
        const n = num(row?.n);
        return { value: n > 0 ? numOrNull(row?.median) : null, n };
      }
      case "cost": {
        const spend = bySpend.get(spendKey(m.channels));
        const n = count(m.per.kind, m.per.of);
        const value = num(spend?.rows) > 0 ? ratio(fromCents(spend?.cents), n) : null;
        return { value, n };
      }
    }
  };

  return {
    from: f.from,
    to: f.to,
    stages: f.catalogue.stages.map((stage) => ({
      stage: stage.key,
      name: stage.name,
      metrics: stage.metrics.map((m) => {
        const { value, n } = evaluate(m);
        return {
          key: m.key,
          name: m.name,
          kind: m.kind,
          value,
          n,
          target: m.target,
          status: status(value, m.target),
          previous: null,
        };
      }),
    })),
  };
}

/** `current` with each metric's value over `previous` (the period just before). */
export function withPreviousValues(current: StageMetrics, previous: StageMetrics): StageMetrics {
  const before = new Map(
    previous.stages.flatMap((s) => s.metrics.map((m) => [`${s.stage}:${m.key}`, m.value] as const)),
  );
  return {
    ...current,
    stages: current.stages.map((s) => ({
      ...s,
      metrics: s.metrics.map((m) => ({
        ...m,
        previous: before.get(`${s.stage}:${m.key}`) ?? null,
      })),
    })),
  };
}
