"use client";

import type { TCustomerSource } from "@parcours/validators";
import { useQuery } from "@tanstack/react-query";
import { createSerializer } from "nuqs";
import { useCallback } from "react";
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
