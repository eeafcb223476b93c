"use client";

import type { ViewJourney } from "@parcours/db/metrics";
import type { TCustomerSource, TViewFilters } from "@parcours/validators";
import { useQuery } from "@tanstack/react-query";
import { createSerializer } from "nuqs";
import { useCallback } from "react";
import { designedInput } from "~/components/journeys/designed-input";
import { filterParsers } from "~/filters/search-params";
import { useFilters } from "~/filters/use-filters";
import { useTRPC } from "~/trpc/react";
import { drillHref } from "./drill-source";

const serializeFilters = createSerializer(filterParsers);

/**
 * Links to drill-down lists that keep the page's period, persona and channel (`persona`: the
 * persona a persona page pins), or null while the user may not see customers (viewers, unless an
 * admin allows it): the figures then stay plain numbers.
 */
export function useDrillHref(
  options: { persona?: string } = {},
): ((source: TCustomerSource) => string) | null {
  const [state] = useFilters();
  const trpc = useTRPC();
  const access = useQuery(trpc.customers.access.queryOptions());
  const persona = options.persona;
  const href = useCallback(
    (source: TCustomerSource) =>
      drillHref(
        serializeFilters("/customers", persona ? { ...state, persona: [persona] } : state),
        source,
      ),
    [state, persona],
  );
  return access.data?.canSeeCustomers ? href : null;
}

/**
 * Links from a saved view's journey map to the customers behind its figures: the view's period
 * (as custom days) and the persona and channel keys its map applied, or null while the user may
 * not see customers. Never used on share links, which show figures only.
 */
export function useViewDrillHref(
  journey: ViewJourney | undefined,
  filters: TViewFilters | undefined,
): ((source: TCustomerSource) => string) | null {
  const trpc = useTRPC();
  const access = useQuery(trpc.customers.access.queryOptions());
  const href = useCallback(
    (source: TCustomerSource) => {
      if (!journey) return "/customers";
      const { filter } = designedInput(journey, filters);
      return drillHref(
        serializeFilters("/customers", {
          period: "custom",
          from: filter.from,
          // The URL's last day is inclusive; the map's `to` is the exclusive end.
          to: new Date(filter.to.getTime() - 1),
          persona: filter.personas ?? [],
          channel: filter.channels ?? [],
          cohort: filter.cohort ?? null,
        }),
        source,
      );
    },
    [journey, filters],
  );
  return journey && access.data?.canSeeCustomers ? href : null;
}
