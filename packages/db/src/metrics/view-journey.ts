import { splitFilterKeys } from "@parcours/validators";
import type { Catalogue } from "../queries/catalogue";
import { type AnnotationRow, type SavedView, viewPeriod } from "../queries/views";
import type { EmotionCurve, GetEmotionCurveParams } from "./emotion";
import type { FunnelBucket, GetFunnelParams } from "./funnel";
import { type GetJourneyMapParams, type JourneyMap, withPainPointTrend } from "./journey";
import { type GetStageMetricsParams, type StageMetrics, withPreviousValues } from "./stage-metrics";

export interface ViewJourney {
  period: { from: Date; to: Date };
  map: JourneyMap;
  /** The same map for the period just before, of the same length, when asked for. */
  previous: JourneyMap | null;
  emotion: EmotionCurve;
  /**
   * Conversion over time through the view's funnel steps (or the stages up to the conversion);
   * null when it was not asked for (`overTime: false`) or there are fewer than two steps.
   */
  overTime: { steps: string[]; bucket: "day" | "week"; buckets: FunnelBucket[] } | null;
  annotations: AnnotationRow[];
  /** Each stage's metrics and targets, with their values over the previous period. */
  stageMetrics: StageMetrics;
  /**
   * The view's filter keys that the catalogue no longer knows (an archived persona, a removed
   * channel): left out of every figure above, and listed so the page can say so.
   */
  unknownFilters: { personas: string[]; channels: string[] };
}

/** The metrics a journey page reads, answered by one engine (PostgreSQL or ClickHouse). */
export interface ViewJourneyMetrics {
  journeyMap(params: GetJourneyMapParams & { catalogue: Catalogue }): Promise<JourneyMap>;
  emotionCurve(params: GetEmotionCurveParams & { catalogue: Catalogue }): Promise<EmotionCurve>;
  funnelOverTime(
    params: GetFunnelParams & { bucket: "day" | "week"; catalogue: Catalogue; now?: Date },
  ): Promise<{ buckets: FunnelBucket[] }>;
  stageMetrics(params: GetStageMetricsParams & { catalogue: Catalogue }): Promise<StageMetrics>;
}

/**
 * The filter a view's figures are computed under: its period as of `now`, and the persona and
 * channel keys the catalogue still knows. Keys saved before a persona was archived or a channel
 * removed are listed apart, so that the page can say they no longer apply.
 */
export function viewFilter(view: SavedView, catalogue: Catalogue, now?: Date) {
  const period = viewPeriod(view.period, now);
  const { known, unknown } = splitFilterKeys(view.filters, catalogue);
  const unknownFilters = { personas: unknown.personas, channels: unknown.channels };
  const cohort = view.filters.cohort;
  const filter = { ...period, ...known, ...(cohort === undefined ? {} : { cohort }) };
  return { period, filter, unknownFilters };
}

/** The journey page's figures for a view, whichever engine answers the metrics. */
export async function assembleViewJourney(
  metrics: ViewJourneyMetrics,
  view: SavedView,
  catalogue: Catalogue,
  annotations: () => Promise<AnnotationRow[]>,
  options: { compare?: boolean; now?: Date; overTime?: boolean } = {},
): Promise<ViewJourney> {
  const { period, filter, unknownFilters } = viewFilter(view, catalogue, options.now);
  const length = period.to.getTime() - period.from.getTime();
  const current = await metrics.journeyMap({
    filter,
    windowSeconds: view.windowSeconds,
    catalogue,
  });
  // The previous period is always computed, for each pain point's trend; it is answered as a
  // comparison only when asked for.
  const before = await metrics.journeyMap({
    filter: { ...filter, from: new Date(period.from.getTime() - length), to: period.from },
    windowSeconds: view.windowSeconds,
    catalogue,
  });
  const map = withPainPointTrend(current, before);
  const stageMetrics = withPreviousValues(
    await metrics.stageMetrics({ filter, catalogue }),
    await metrics.stageMetrics({
      filter: { ...filter, from: new Date(period.from.getTime() - length), to: period.from },
      catalogue,
    }),
  );
  const previous = options.compare ? before : null;
  // The emotion curve always shows every persona, so that the page can overlay or switch them.
  const emotion = await metrics.emotionCurve({
    filter: { ...period, ...(filter.channels ? { channels: filter.channels } : {}) },
    catalogue,
  });
  const conversionAt = catalogue.stages.findIndex((s) => s.isConversion);
  const steps =
    view.steps.length >= 2
      ? view.steps
      : catalogue.stages
          .slice(0, Math.max(2, conversionAt + 1))
          .map((s) => ({ kind: "stage" as const, key: s.key }));
  const bucket: "day" | "week" = length <= 31 * 86_400_000 ? "day" : "week";
  const overTime =
    options.overTime !== false && steps.length >= 2
      ? {
          steps: steps.map((s) => s.key),
          bucket,
          buckets: (
            await metrics.funnelOverTime({
              filter,
              steps,
              windowSeconds: view.windowSeconds,
              bucket,
              catalogue,
              ...(options.now ? { now: options.now } : {}),
            })
          ).buckets,
        }
      : null;
  return {
    period,
    map,
    previous,
    emotion,
    overTime,
    annotations: await annotations(),
    stageMetrics,
    unknownFilters,
  };
}
