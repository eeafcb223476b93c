import type { TAnalyticsFilter } from "./analytics";
import { type FilterKeyCatalogue, splitFilterKeys } from "./filter-keys";
import { resolvePeriod, type TPeriod, type TPeriodPreset } from "./period";

/** The global filters as a page's URL holds them (`?period=custom&from=…&persona=a,b`). */
export interface TUrlFilterState {
  period: TPeriodPreset;
  /** First and last day of a custom period (null when absent or not a date). */
  from: Date | null;
  to: Date | null;
  persona: string[];
  channel: string[];
  /** A cohort's id (`?cohort=12`), or null/absent for every customer. */
  cohort?: number | null;
}

export interface TResolvedFilters {
  period: TPeriod;
  /** What the API gets: keys the catalogue does not know are dropped, not sent. */
  filter: TAnalyticsFilter;
}

/** Sorted, so that the same selection in any order is one query key. */
function sorted(keys: string[] | undefined): string[] | undefined {
  return keys ? [...keys].sort() : undefined;
}

function nonEmpty(keys: string[]): string[] | undefined {
  return keys.length > 0 ? [...new Set(keys)] : undefined;
}

/**
 * The URL's filters as API input. The web app's server and client call this with the same URL
 * and catalogue, so the prefetched queries are the ones the client components look up; the
 * browser tests call it to ask the API what a page asks. Keys the catalogue does not know are
 * left out (the API would refuse them: splitFilterKeys). Without the catalogue yet, every key
 * is sent.
 */
export function resolveFilters(
  state: TUrlFilterState,
  catalogue: FilterKeyCatalogue | undefined,
  options: { persona?: string; now?: Date } = {},
): TResolvedFilters {
  const period = resolvePeriod(state.period, state.from, state.to, options.now);
  const known = catalogue
    ? splitFilterKeys({ personas: state.persona, channels: state.channel }, catalogue).known
    : { personas: nonEmpty(state.persona), channels: nonEmpty(state.channel) };
  const personas = options.persona ? [options.persona] : sorted(known.personas);
  const channels = sorted(known.channels);
  return {
    period,
    filter: {
      from: period.from,
      to: period.to,
      ...(personas ? { personas } : {}),
      ...(channels ? { channels } : {}),
      ...(state.cohort ? { cohort: state.cohort } : {}),
    },
  };
}
