"use client";

import { createSerializer, useQueryStates } from "nuqs";
import { useCallback, useMemo } from "react";
import { useCatalogue } from "~/hooks/use-catalogue";
import { resolveFilters, type TResolvedFilters } from "./analytics-filter";
import { filterParsers, type TFilterState } from "./search-params";

/** Filter changes are shallow (no server round trip) and pushed, so Back undoes them. */
export function useFilters() {
  return useQueryStates(filterParsers, { history: "push", shallow: true });
}

/** A change to the filters as `useFilters`' setter takes it: null puts back the parser's default. */
export type TFilterPatch = { [K in keyof TFilterState]?: TFilterState[K] | null };

/** The filters after `patch`, as the URL will hold them once the setter has run. */
export function applyFilterPatch(state: TFilterState, patch: TFilterPatch): TFilterState {
  const pick = <K extends keyof TFilterState>(key: K, fallback: TFilterState[K]) => {
    const value = patch[key];
    if (value === undefined) return state[key];
    return value === null ? fallback : (value as TFilterState[K]);
  };
  return {
    period: pick("period", filterParsers.period.defaultValue),
    from: pick("from", null),
    to: pick("to", null),
    persona: pick("persona", filterParsers.persona.defaultValue),
    channel: pick("channel", filterParsers.channel.defaultValue),
    cohort: pick("cohort", null),
  };
}

/** The URL's filters as API input, on every page the same way the server prefetched them. */
export function useResolvedFilters(options: { persona?: string } = {}): TResolvedFilters {
  const [state] = useFilters();
  const { data: catalogue } = useCatalogue();
  const persona = options.persona;
  return useMemo(
    () => resolveFilters(state, catalogue, persona ? { persona } : {}),
    [state, catalogue, persona],
  );
}

const serializeFilters = createSerializer(filterParsers);

/** Links between pages keep the global filters. */
export function useFilterHref(): (path: string) => string {
  const [state] = useFilters();
  return useCallback((path: string) => serializeFilters(path, state), [state]);
}
