"use client";

import { ErrorState } from "@parcours/ui/error-state";
import { Skeleton } from "@parcours/ui/skeleton";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";
import { StageList } from "./stage-list";
import { TouchpointTable } from "./touchpoint-table";

/**
 * The catalogue editor: stages (order, text, conversion stage) and touchpoints (add, rename,
 * move). Changes that alter how history is counted are previewed in numbers and confirmed.
 */
export function CatalogueAdmin() {
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalogue = useQuery(trpc.admin.catalogue.get.queryOptions());
  const [status, setStatus] = useState<string | null>(null);
  // Every page reads the catalogue: after a change, everything cached is refetched.
  const onSaved = useCallback(
    async (message: string) => {
      setStatus(message);
      await queryClient.invalidateQueries();
    },
    [queryClient],
  );

  if (catalogue.isPending) return <Skeleton className="h-64 w-full" />;
  if (catalogue.isError) {
    return (
      <ErrorState
        title={tErrors("sectionTitle")}
        description={errorMessage(catalogue.error, tErrors("pageHint"))}
        retryLabel={tErrors("retry")}
        onRetry={() => catalogue.refetch()}
      />
    );
  }
  return (
    <div className="grid gap-8">
      <p
        aria-live="polite"
        role="status"
        data-testid="catalogue-status"
        className="text-sm text-muted-foreground empty:hidden"
      >
        {status}
      </p>
      <StageList catalogue={catalogue.data} announce={setStatus} onSaved={onSaved} />
      <TouchpointTable catalogue={catalogue.data} onSaved={onSaved} />
    </div>
  );
}
