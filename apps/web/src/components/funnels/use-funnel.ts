"use client";

import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import { resolveFunnel, type TFunnelDefinition } from "~/filters/funnel-steps";
import { funnelParsers } from "~/filters/search-params";
import { useCatalogue } from "~/hooks/use-catalogue";

/** The funnel being built, from the URL (steps, window, breakdown, bucket). */
export function useFunnel() {
  const [state, setState] = useQueryStates(funnelParsers, { history: "push", shallow: true });
  const { data: catalogue } = useCatalogue();
  const definition: TFunnelDefinition | undefined = useMemo(
    () => (catalogue ? resolveFunnel(state, catalogue) : undefined),
    [state, catalogue],
  );
  return { definition, setState, catalogue };
}
