import type { ViewJourney } from "@parcours/db/metrics";
import type { TViewFilters } from "@parcours/validators";

/** The view's filter as its map was computed: its period, and the keys the catalogue knows. */
export function designedInput(journey: ViewJourney, filters: TViewFilters | undefined) {
  const personas = (filters?.personas ?? []).filter(
    (p) => !journey.unknownFilters.personas.includes(p),
  );
  const channels = (filters?.channels ?? []).filter(
    (c) => !journey.unknownFilters.channels.includes(c),
  );
  return {
    filter: {
      from: journey.map.from,
      to: journey.map.to,
      ...(personas.length > 0 ? { personas } : {}),
      ...(channels.length > 0 ? { channels } : {}),
      // The view's cohort narrows every figure of its page, the map's as well.
      ...(filters?.cohort !== undefined ? { cohort: filters.cohort } : {}),
    },
    windowSeconds: journey.map.windowSeconds,
  };
}
