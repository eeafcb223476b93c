"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useResolvedFilters } from "~/filters/use-filters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";

/**
 * True once the KPI cards have their figures for the current filters. The embedded database
 * answers one query at a time, so on the overview the other sections wait for the headline
 * figures instead of queueing in front of them: after a filter change the KPIs update first,
 * then the charts (shown dimmed meanwhile). Off the overview (`active` false) it never waits.
 */
export function useHeadlineFirst(active = true): boolean {
  const trpc = useTRPC();
  const { filter } = useResolvedFilters();
  // The KPI grid's own query (same key): observing it fetches nothing more.
  const kpis = useQuery({
    ...trpc.dashboard.kpis.queryOptions(inputs.kpis(filter)),
    placeholderData: keepPreviousData,
    enabled: active,
  });
  if (!active) return true;
  return kpis.status !== "pending" && !kpis.isPlaceholderData;
}
