import type { Catalogue } from "@parcours/db/queries";
import type { TAnalyticsFilter } from "@parcours/validators";
import { resolvePeriod, type TPeriod } from "./period";
import type { TFilterState } from "./search-params";

export const UNASSIGNED = "unassigned";

export interface TResolvedFilters {
  period: TPeriod;
  /** What the API gets: keys the catalogue does not know are dropped, not sent. */
  filter: TAnalyticsFilter;
}

function known(wanted: string[], keys: Set<string> | undefined): string[] | undefined {
  const kept = keys ? wanted.filter((key) => keys.has(key)) : wanted;
  return kept.length > 0 ? [...new Set(kept)].sort() : undefined;
}

/**
 * The URL's filters as API input. Server and client call this with the same URL and catalogue,
 * so the prefetched queries are the ones the client components look up.
 */
export function resolveFilters(
  state: Pick<TFilterState, "period" | "from" | "to" | "persona" | "channel">,
  catalogue: Catalogue | undefined,
  options: { persona?: string; now?: Date } = {},
): TResolvedFilters {
  const period = resolvePeriod(state.period, state.from, state.to, options.now);
  const personaKeys = catalogue
    ? new Set([...catalogue.personas.map((p) => p.key), UNASSIGNED])
    : undefined;
  const channelKeys = catalogue ? new Set(catalogue.channels.map((c) => c.key)) : undefined;
  const personas = options.persona ? [options.persona] : known(state.persona, personaKeys);
  const channels = known(state.channel, channelKeys);
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
  const personaKeys = new Set([...catalogue.personas.map((p) => p.key), UNASSIGNED]);
  const channelKeys = new Set(catalogue.channels.map((c) => c.key));
  return {
    personas: [...new Set(state.persona.filter((key) => !personaKeys.has(key)))],
    channels: [...new Set(state.channel.filter((key) => !channelKeys.has(key)))],
  };
}

/** The same filter for everyone (persona pages compare a persona with all customers). */
export function withoutPersonas(filter: TAnalyticsFilter): TAnalyticsFilter {
  const { personas: _ignored, ...rest } = filter;
  return rest;
}
