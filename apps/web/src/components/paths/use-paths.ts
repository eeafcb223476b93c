"use client";

import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import { pathsParsers, resolvePaths, type TPathsDefinition } from "~/filters/paths-params";
import { useCatalogue } from "~/hooks/use-catalogue";

/** The paths asked for, from the URL (start, level, steps, window, and what is compared). */
export function usePaths() {
  const [state, setState] = useQueryStates(pathsParsers, { history: "push", shallow: true });
  const { data: catalogue } = useCatalogue();
  const definition: TPathsDefinition | undefined = useMemo(
    () => (catalogue ? resolvePaths(state, catalogue) : undefined),
    [state, catalogue],
  );
  return { definition, setState, catalogue, state };
}
