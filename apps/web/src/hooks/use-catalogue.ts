"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";

export function useCatalogue() {
  const trpc = useTRPC();
  return useQuery(trpc.catalogue.get.queryOptions());
}
