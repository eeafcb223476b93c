import { splitFilterKeys, type TAnalyticsFilter } from "@parcours/validators";
import type { Catalogue } from "../trpc/outputs";
import { resolvePeriod, type TPeriod } from "./period";
import type { TFilterState } from "./search-params";

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
 * The URL's filters as API input. Server and client call this with the same URL and catalogue,
 * so the prefetched queries are the ones the client components look up. Keys the catalogue does
 * not know are left out (the API would refuse them: splitFilterKeys), and the filter bar names
 * them (unknownFilterKeys). Without the catalogue yet, every key is sent.
 */
export function resolveFilters(
  state: Pick<TFilterState, "period" | "from" | "to" | "persona" | "channel">,
  catalogue: Catalogue | undefined,
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
    },
  };
}

/**
 * The URL's persona and channel keys that the catalogue does not know (an archived persona, a
 * renamed channel): `resolveFilters` leaves them out, and the filter bar says so.
 */
export function unknownFilterKeys(
  state: Pick<TFilterState, "persona" | "channel">,
  catalogue: Catalogue | undefined,
): { personas: string[]; channels: string[] } {
  if (!catalogue) return { personas: [], channels: [] };
  const { unknown } = splitFilterKeys(
    { personas: state.persona, channels: state.channel },
    catalogue,
  );
  return { personas: unknown.personas, channels: unknown.channels };
}

/** The same filter for everyone (persona pages compare a persona with all customers). */
export function withoutPersonas(filter: TAnalyticsFilter): TAnalyticsFilter {
  const { personas: _ignored, ...rest } = filter;
  return rest;
}
