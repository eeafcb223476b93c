/** The persona key that selects customers no persona rule matched. */
export const UNASSIGNED = "unassigned";

type Keyed = readonly { key: string }[];

/** What a filter's keys are checked against: the catalogue's personas, channels, touchpoints. */
export interface FilterKeyCatalogue {
  personas: Keyed;
  channels: Keyed;
  touchpoints?: Keyed;
}

export interface FilterKeys {
  personas?: readonly string[];
  channels?: readonly string[];
  touchpoints?: readonly string[];
}

export interface SplitFilterKeys {
  /** The keys the catalogue knows, in the order given, each once; absent when none is left. */
  known: { personas?: string[]; channels?: string[]; touchpoints?: string[] };
  /** The keys it does not know (an archived persona, a removed channel), each once. */
  unknown: { personas: string[]; channels: string[]; touchpoints: string[] };
}

function split(wanted: readonly string[] | undefined, keys: Set<string> | undefined) {
  const unique = [...new Set(wanted ?? [])];
  const known = keys ? unique.filter((key) => keys.has(key)) : unique;
  return {
    known: known.length > 0 ? known : undefined,
    unknown: unique.filter((k) => !known.includes(k)),
  };
}

/**
 * The one rule for filter keys the catalogue does not know: no metric is ever computed with
 * one. The API refuses them (400, naming them: `resolveFilterWith` in @parcours/db), and what
 * holds keys from an older catalogue (a page's URL, a saved view) leaves them out before asking
 * and names them on the page. Both sides split the keys here, so they agree on which are
 * unknown. `UNASSIGNED` is always a known persona key; touchpoints are checked only when the
 * catalogue lists them.
 */
export function splitFilterKeys(
  filter: FilterKeys,
  catalogue: FilterKeyCatalogue,
): SplitFilterKeys {
  const personas = split(
    filter.personas,
    new Set([...catalogue.personas.map((p) => p.key), UNASSIGNED]),
  );
  const channels = split(filter.channels, new Set(catalogue.channels.map((c) => c.key)));
  const touchpoints = split(
    filter.touchpoints,
    catalogue.touchpoints && new Set(catalogue.touchpoints.map((t) => t.key)),
  );
  return {
    known: {
      ...(personas.known ? { personas: personas.known } : {}),
      ...(channels.known ? { channels: channels.known } : {}),
      ...(touchpoints.known ? { touchpoints: touchpoints.known } : {}),
    },
    unknown: {
      personas: personas.unknown,
      channels: channels.unknown,
      touchpoints: touchpoints.unknown,
    },
  };
}
