"use client";

import { createSerializer, useQueryStates } from "nuqs";
import { useCallback, useMemo } from "react";
import { useCatalogue } from "~/hooks/use-catalogue";
import { resolveFilters, type TResolvedFilters } from "./analytics-filter";
import { filterParsers } from "./search-params";

/** Filter changes are shallow (no server round trip) and pushed, so Back undoes them. */
export function useFilters() {
  return useQueryStates(filterParsers, { history: "push", shallow: true });
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
