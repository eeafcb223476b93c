import type {
  TAnalyticsFilter,
  TBreakdown,
  TFunnelStep,
  TPathLevel,
  TPathStart,
  TRetentionCohort,
  TRetentionMode,
} from "@parcours/validators";
import { defaultSteps } from "~/filters/funnel-steps";
import type { TFunnelBucket } from "~/filters/search-params";
import type { Catalogue } from "../trpc/outputs";

const DAY_SECONDS = 24 * 60 * 60;

/**
 * API inputs built in one place: server prefetches and client queries must produce the very
 * same input (it is the query key), or the client would fetch again after hydration.
 */
export const inputs = {
  kpis: (filter: TAnalyticsFilter) => ({ filter }),
  /** The overview's funnel: every catalogue stage in order, default window. */
  stageFunnel: (filter: TAnalyticsFilter, catalogue: Catalogue) => ({
    filter,
    steps: defaultSteps(catalogue),
  }),
  personas: (filter: TAnalyticsFilter) => ({ filter }),
  heatmap: (filter: TAnalyticsFilter) => ({ filter }),
  emotion: (filter: TAnalyticsFilter) => ({ filter }),
  funnelBuild: (
    filter: TAnalyticsFilter,
    steps: TFunnelStep[],
    windowDays: number,
    breakdown: boolean,
  ) => ({
    filter,
    steps,
    windowSeconds: windowDays * DAY_SECONDS,
    ...(breakdown ? { breakdown: "persona" as const } : {}),
  }),
  funnelBreakdown: (
    filter: TAnalyticsFilter,
    steps: TFunnelStep[],
    windowDays: number,
    breakdown: TBreakdown,
  ) => ({ filter, steps, windowSeconds: windowDays * DAY_SECONDS, breakdown }),
  funnelOverTime: (
    filter: TAnalyticsFilter,
    steps: TFunnelStep[],
    windowDays: number,
    bucket: TFunnelBucket,
  ) => ({ filter, steps, windowSeconds: windowDays * DAY_SECONDS, bucket }),
  retention: (filter: TAnalyticsFilter, cohort: TRetentionCohort, mode: TRetentionMode) => ({
    filter,
    cohort,
    mode,
  }),
  drivers: (filter: TAnalyticsFilter) => ({ filter }),
  paths: (
    filter: TAnalyticsFilter,
    start: TPathStart,
    level: TPathLevel,
    steps: number,
    windowDays: number,
  ) => ({ filter, start, level, steps, windowSeconds: windowDays * DAY_SECONDS }),
};
