import {
  type TAnalyticsFilter,
  type TBreakdown,
  type TFunnelStep,
  UNASSIGNED,
} from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { type ResolvedFilter, selectedPersonaIds } from "./filter";

export interface GetFunnelParams {
  filter: TAnalyticsFilter;
  /** The catalogue, when the caller has read it already (once per request). */
  catalogue?: Catalogue;
  steps: TFunnelStep[];
  /** Conversion window W in seconds (default 30 days). */
  windowSeconds?: number;
}

export interface FunnelStepResult {
  key: string;
  step: TFunnelStep;
  /** count_k: customers whose deepest valid chain reaches this step. */
  customers: number;
  /** count_k / count_(k-1); null for the first step or when the previous step is empty. */
  conversionFromPrevious: number | null;
  /** count_k / count_1; null when nobody entered. */
  conversionOverall: number | null;
  /** count_(k-1) − count_k; 0 for the first step. */
  dropOff: number;
  /** Median and p90 (continuous) of the fastest valid chain to this step, in seconds. */
  medianSecondsToStep: number | null;
  p90SecondsToStep: number | null;
}

export interface FunnelResult {
  steps: FunnelStepResult[];
  windowSeconds: number;
}

export interface PersonaFunnel {
  /** Persona key, or `unassigned`. */
  persona: string;
  name: string | null;
  colour: string | null;
  funnel: FunnelResult;
}

/**
 * The funnel of each selected persona (and of unassigned customers), in the filter's order,
 * named as the catalogue names them: both engines compute `funnelOf` their own way.
 */
export function personaFunnels(
  f: ResolvedFilter,
  funnelOf: (personaId: number | null) => FunnelResult,
): PersonaFunnel[] {
  return selectedPersonaIds(f).map((id) => {
    const persona = f.catalogue.personas.find((p) => p.id === id);
    return {
      persona: persona?.key ?? UNASSIGNED,
      name: persona?.name ?? null,
      colour: persona?.colour ?? null,
      funnel: funnelOf(id),
    };
  });
}

/** A breakdown by an attribute or a property (a persona breakdown needs no value). */
export type ValueBreakdown = Extract<TBreakdown, { kind: "attribute" | "property" }>;

export interface BreakdownSeries {
  /**
   * `value`: one of the top values (or a persona); `other`: every other value together;
   * `none`: customers without the attribute or property (missing, null, an object or a list).
   */
  kind: "value" | "other" | "none";
  /** The value as text (a persona's key), or null for `other` and `none`. */
  value: string | null;
  /** A persona's name and colour; null otherwise. */
  name: string | null;
  colour: string | null;
  funnel: FunnelResult;
}

export interface FunnelBreakdown {
  breakdown: TBreakdown;
  series: BreakdownSeries[];
}

/** Byte order of the UTF-8 text, as ClickHouse sorts strings (and PostgreSQL's "C" collation). */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * The top `top` values by customers who entered the funnel, most first, ties in byte order:
 * the rule both engines follow (ClickHouse sorts the same way in SQL).
 */
export function topValues(entered: Map<string, number>, top: number): string[] {
  return [...entered]
    .filter(([, n]) => n > 0)
    .sort(([a, n], [b, m]) => m - n || compareUtf8(a, b))
    .slice(0, top)
    .map(([value]) => value);
}

/**
 * The series of a value breakdown: the top values in their order, then `other` and `none`
 * when some customer entered with such a value. `funnelOf` gets a value, `other` or `none`.
 */
export function valueSeries(
  breakdown: ValueBreakdown,
  top: string[],
  entered: { other: number; none: number },
  funnelOf: (group: { kind: "value"; value: string } | { kind: "other" | "none" }) => FunnelResult,
): FunnelBreakdown {
  const series: BreakdownSeries[] = top.map((value) => ({
    kind: "value",
    value,
    name: null,
    colour: null,
    funnel: funnelOf({ kind: "value", value }),
  }));
  for (const kind of ["other", "none"] as const) {
    if (entered[kind] > 0) {
      series.push({ kind, value: null, name: null, colour: null, funnel: funnelOf({ kind }) });
    }
  }
  return { breakdown, series };
}

/** A persona breakdown in the same shape as a value breakdown: one series per persona. */
export function personaSeries(personas: PersonaFunnel[]): FunnelBreakdown {
  return {
    breakdown: { kind: "persona" },
    series: personas.map((p) => ({
      kind: "value",
      value: p.persona,
      name: p.name,
      colour: p.colour,
      funnel: p.funnel,
    })),
  };
}

export interface FunnelBucket {
  /** Start of the bucket: a UTC day, or an ISO week's Monday (it may fall before `from`). */
  start: Date;
  /** End of the bucket (exclusive): the next day, or the next Monday. */
  end: Date;
  /** The part of the bucket inside the period, [from, to). */
  from: Date;
  to: Date;
  /** The period covers only part of the bucket (a week cut by the period's first or last day). */
  partial: boolean;
  /**
   * Every customer who entered in the bucket has had the whole window W by now. Until then
   * conversions are still to come, and the bucket's conversion can only rise.
   */
  complete: boolean;
  /** Customers whose first entry in the period falls in the bucket. */
  entered: number;
  /** Of those, customers who completed every step (from any of their entries). */
  converted: number;
  conversion: number | null;
}
