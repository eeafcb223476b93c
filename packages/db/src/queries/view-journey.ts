import type { Database } from "../client";
import { getCatalogue } from "./catalogue";
import { type EmotionCurve, getEmotionCurve } from "./emotion";
import { type FunnelBucket, getFunnelOverTime } from "./funnel";
import { getJourneyMap, type JourneyMap } from "./journey";
import { type AnnotationRow, listAnnotations, type SavedView, viewPeriod } from "./views";

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

/** Everything the journey map page shows for a saved view, from one catalogue read. */
export async function getViewJourney(
  db: Database,
  view: SavedView,
  options: { compare?: boolean; now?: Date } = {},
): Promise<ViewJourney> {
  const period = viewPeriod(view.period, options.now);
  const catalogue = await getCatalogue(db);
  const filter = {
    ...period,
    ...(view.filters.personas.length > 0 ? { personas: view.filters.personas } : {}),
    ...(view.filters.channels.length > 0 ? { channels: view.filters.channels } : {}),
  };
  const length = period.to.getTime() - period.from.getTime();
  const map = await getJourneyMap(db, { filter, windowSeconds: view.windowSeconds, catalogue });
  const previous = options.compare
    ? await getJourneyMap(db, {
        filter: { ...filter, from: new Date(period.from.getTime() - length), to: period.from },
        windowSeconds: view.windowSeconds,
        catalogue,
      })
    : null;
  // The emotion curve always shows every persona, so that the page can overlay or switch them.
  const emotion = await getEmotionCurve(db, {
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
            await getFunnelOverTime(db, {
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
    annotations: await listAnnotations(db, view.id),
  };
}
