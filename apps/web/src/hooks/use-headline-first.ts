"use client";

import { hashKey, type QueryCache, useQueryClient } from "@tanstack/react-query";
import { startTransition, useEffect, useState } from "react";
import { useResolvedFilters } from "~/filters/use-filters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";

/** The query has answered, with figures or with an error (the charts then load all the same). */
function answered(cache: QueryCache, hash: string): boolean {
  const state = cache.get(hash)?.state;
  return state !== undefined && (state.data !== undefined || state.status === "error");
}

/**
 * True once the KPI cards have their figures for the current filters. The embedded database
 * answers one query at a time, so on the overview the other sections wait for the headline
 * figures instead of queueing in front of them: after a filter change the KPIs update first,
 * then the charts (shown dimmed meanwhile). Off the overview (`active` false) it never waits.
 *
 * The sections learn of the figures through the query cache, in a transition: the KPI cards'
 * own update commits and paints first, and re-rendering the charts does not hold it back.
 */
export function useHeadlineFirst(active = true): boolean {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { filter } = useResolvedFilters();
  const hash = hashKey(trpc.dashboard.kpis.queryKey(inputs.kpis(filter)));
  const cache = queryClient.getQueryCache();
  const [seen, setSeen] = useState(() => (answered(cache, hash) ? hash : null));

  useEffect(() => {
    if (!active) return;
    const check = () => {
      if (answered(cache, hash)) startTransition(() => setSeen(hash));
    };
    check();
    return cache.subscribe((event) => {
      if (event.query.queryHash === hash) check();
    });
  }, [active, hash, cache]);

  return !active || seen === hash;
}
