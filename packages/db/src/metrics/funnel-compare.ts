import {
  compareSideFilter,
  type TAnalyticsFilter,
  type TFunnelCompareSide,
  type TFunnelStep,
} from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { DRIVER_CONFIDENCE, newcombeInterval } from "./drivers";
import type { FunnelResult, FunnelStepResult, GetFunnelParams } from "./funnel";

/**
 * Two funnels side by side (docs/metrics.md, "Comparing funnels"): A is the funnel as built, B
 * the same steps and window over another period (same filters) or for another segment (same
 * period). Each side is the funnel metric itself, asked through `Metrics`, so both engines
 * answer it and its counts are the funnel page's.
 */
export interface GetFunnelComparisonParams {
  filter: TAnalyticsFilter;
  catalogue?: Catalogue;
  steps: TFunnelStep[];
  windowSeconds?: number;
  b: TFunnelCompareSide;
}

/** A difference of two proportions, B − A, with its 95% Newcombe interval. */
export interface ProportionDifference {
  /** pB − pA as a fraction (× 100 for points); null when either side has no rate. */
  value: number | null;
  /** Newcombe's hybrid score interval for pB − pA; null when either side has no rate. */
  interval: [number, number] | null;
}

export interface FunnelCompareStep {
  key: string;
  step: TFunnelStep;
  a: FunnelStepResult;
  b: FunnelStepResult;
  difference: {
    /** Customers B − A. */
    customers: number;
    /** Conversion from the first step (count_k ÷ count_1); null for the first step. */
    conversionOverall: ProportionDifference;
    /** Step to step (count_k ÷ count_(k−1)); null for the first step. */
    conversionFromPrevious: ProportionDifference;
    /** Median time to the step, B − A, in seconds; null where either side has none. */
    medianSecondsToStep: number | null;
  };
}

export interface FunnelComparison {
  windowSeconds: number;
  confidence: number;
  a: { filter: TAnalyticsFilter; funnel: FunnelResult };
  b: { side: TFunnelCompareSide; filter: TAnalyticsFilter; funnel: FunnelResult };
  steps: FunnelCompareStep[];
}

const NO_DIFFERENCE: ProportionDifference = { value: null, interval: null };

/** pB − pA for x of n on each side; null (no rate) when either n is 0. */
export function proportionDifference(
  xa: number,
  na: number,
  xb: number,
  nb: number,
): ProportionDifference {
  if (na === 0 || nb === 0) return NO_DIFFERENCE;
  return { value: xb / nb - xa / na, interval: newcombeInterval(xb, nb, xa, na) };
}

/** The per-step differences of B from A (same steps, in the same order). */
export function buildFunnelComparison(
  a: { filter: TAnalyticsFilter; funnel: FunnelResult },
  b: { side: TFunnelCompareSide; filter: TAnalyticsFilter; funnel: FunnelResult },
): FunnelComparison {
  const first = (f: FunnelResult) => f.steps[0]?.customers ?? 0;
  const steps = a.funnel.steps.flatMap((sa, k): FunnelCompareStep[] => {
    const sb = b.funnel.steps[k];
    if (!sb) return [];
    const pa = a.funnel.steps[k - 1];
    const pb = b.funnel.steps[k - 1];
    const later = k > 0 && pa !== undefined && pb !== undefined;
    return [
      {
        key: sa.key,
        step: sa.step,
        a: sa,
        b: sb,
        difference: {
          customers: sb.customers - sa.customers,
          conversionOverall: later
            ? proportionDifference(sa.customers, first(a.funnel), sb.customers, first(b.funnel))
            : NO_DIFFERENCE,
          conversionFromPrevious: later
            ? proportionDifference(sa.customers, pa.customers, sb.customers, pb.customers)
            : NO_DIFFERENCE,
          medianSecondsToStep:
            sa.medianSecondsToStep === null || sb.medianSecondsToStep === null
              ? null
              : sb.medianSecondsToStep - sa.medianSecondsToStep,
        },
      },
    ];
  });
  return {
    windowSeconds: a.funnel.windowSeconds,
    confidence: DRIVER_CONFIDENCE,
    a,
    b,
    steps,
  };
}

/**
 * The comparison: the funnel metric twice (A, then B's filter), through whatever answers
 * `getFunnel` (the `Metrics` of either engine), then the differences.
 */
export async function compareFunnels(
  metrics: { getFunnel(params: GetFunnelParams): Promise<FunnelResult> },
  params: GetFunnelComparisonParams,
): Promise<FunnelComparison> {
  const bFilter = compareSideFilter(params.filter, params.b);
  const common = {
    steps: params.steps,
    ...(params.windowSeconds === undefined ? {} : { windowSeconds: params.windowSeconds }),
    ...(params.catalogue ? { catalogue: params.catalogue } : {}),
  };
  const [fa, fb] = await Promise.all([
    metrics.getFunnel({ ...common, filter: params.filter }),
    metrics.getFunnel({ ...common, filter: bFilter }),
  ]);
  return buildFunnelComparison(
    { filter: params.filter, funnel: fa },
    { side: params.b, filter: bFilter, funnel: fb },
  );
}
