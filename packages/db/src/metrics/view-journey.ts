import type { Catalogue } from "../queries/catalogue";
import { type AnnotationRow, type SavedView, viewPeriod } from "../queries/views";
import type { EmotionCurve, GetEmotionCurveParams } from "./emotion";
import type { FunnelBucket, GetFunnelParams } from "./funnel";
import type { GetJourneyMapParams, JourneyMap } from "./journey";

export interface ViewJourney {
  period: { from: Date; to: Date };
  map: JourneyMap;
  /** The same map for the period just before, of the same length, when asked for. */
  previous: JourneyMap | null;
  emotion: EmotionCurve;
  /** Conversion over time through the view's funnel steps (or the stages up to the conversion). */
  overTime: { steps: string[]; bucket: "day" | "week"; buckets: FunnelBucket[] } | null;
  annotations: AnnotationRow[];
}

/** The metrics a journey page reads, answered by one engine (PostgreSQL or ClickHouse). */
export interface ViewJourneyMetrics {
  journeyMap(params: GetJourneyMapParams & { catalogue: Catalogue }): Promise<JourneyMap>;
  emotionCurve(params: GetEmotionCurveParams & { catalogue: Catalogue }): Promise<EmotionCurve>;
  funnelOverTime(
    params: GetFunnelParams & { bucket: "day" | "week"; catalogue: Catalogue },
  ): Promise<{ buckets: FunnelBucket[] }>;
}

/** The journey page's figures for a view, whichever engine answers the metrics. */
export async function assembleViewJourney(
  metrics: ViewJourneyMetrics,
  view: SavedView,
  catalogue: Catalogue,
  annotations: () => Promise<AnnotationRow[]>,
  options: { compare?: boolean; now?: Date } = {},
): Promise<ViewJourney> {
  const period = viewPeriod(view.period, options.now);
  const filter = {
    ...period,
    ...(view.filters.personas.length > 0 ? { personas: view.filters.personas } : {}),
    ...(view.filters.channels.length > 0 ? { channels: view.filters.channels } : {}),
  };
  const length = period.to.getTime() - period.from.getTime();
  const map = await metrics.journeyMap({ filter, windowSeconds: view.windowSeconds, catalogue });
  const previous = options.compare
    ? await metrics.journeyMap({
        filter: { ...filter, from: new Date(period.from.getTime() - length), to: period.from },
        windowSeconds: view.windowSeconds,
        catalogue,
      })
    : null;
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
    steps.length >= 2
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
  };
}
