import { type TAnalyticsFilter, type TFunnelStep, UNASSIGNED } from "@parcours/validators";
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
