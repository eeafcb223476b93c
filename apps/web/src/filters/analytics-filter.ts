import { splitFilterKeys, type TAnalyticsFilter } from "@parcours/validators";
import type { Catalogue } from "../trpc/outputs";
import type { TFilterState } from "./search-params";

// How the URL's filters become API input lives in @parcours/validators, shared with the
// browser tests (which ask the API what a page asks).
export { resolveFilters, type TResolvedFilters } from "@parcours/validators/url-filters";

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
