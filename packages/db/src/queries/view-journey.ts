import type { Database } from "../client";
import { getCatalogue } from "./catalogue";
import { type EmotionCurve, getEmotionCurve } from "./emotion";
import { getJourneyMap, type JourneyMap } from "./journey";
import { type AnnotationRow, listAnnotations, type SavedView, viewPeriod } from "./views";

export interface ViewJourney {
  period: { from: Date; to: Date };
  map: JourneyMap;
  /** The same map for the period just before, of the same length, when asked for. */
  previous: JourneyMap | null;
  emotion: EmotionCurve;
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
  return { period, map, previous, emotion, annotations: await listAnnotations(db, view.id) };
}
