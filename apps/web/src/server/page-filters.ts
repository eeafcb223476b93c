import "server-only";

import { resolveFilters } from "~/filters/analytics-filter";
import { loadFilters } from "~/filters/search-params";
import { getQueryClient, trpc } from "~/trpc/server";

export type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The catalogue (needed to validate filter keys) and the URL's filters as API input: the
 * same computation the client components make, so their queries hit the prefetched cache.
 * A failing catalogue throws to the page's error boundary: nothing works without it.
 */
export async function pageFilters(searchParams: TSearchParams, options: { persona?: string } = {}) {
  const params = await searchParams;
  const catalogue = await getQueryClient().fetchQuery(trpc.catalogue.get.queryOptions());
  const resolved = resolveFilters(loadFilters(params), catalogue, options);
  return { params, catalogue, ...resolved };
}
