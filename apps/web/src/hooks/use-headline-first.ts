"use client";

import { useIsFetching } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";

/**
 * False while the KPI cards are fetching. The embedded database answers one query at a time,
 * so the other overview sections wait for the headline figures instead of queueing in front of
 * them: after a filter change the KPIs update first, then the charts (shown dimmed meanwhile).
 */
export function useHeadlineFirst(): boolean {
  const trpc = useTRPC();
  return useIsFetching({ queryKey: trpc.dashboard.kpis.pathKey() }) === 0;
}
