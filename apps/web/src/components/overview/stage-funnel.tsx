"use client";

import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { SectionError } from "~/components/common/section-error";
import { csvFilename } from "~/components/common/use-chart-labels";
import { FunnelDrillLinks } from "~/components/customers/funnel-drill-links";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { useHeadlineFirst } from "~/hooks/use-headline-first";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { funnelTable } from "./funnel-columns";
import { FunnelFrame, toChartSteps } from "./funnel-frame";

/** Every catalogue stage in order, as a funnel. */
export function StageFunnel({ persona, title }: { persona?: string; title?: string }) {
  const t = useTranslations("funnel");
  const f = useFormatters();
  const trpc = useTRPC();
  const { data: catalogue } = useCatalogue();
  const { filter, period } = useResolvedFilters(persona ? { persona } : {});
  const headlineDone = useHeadlineFirst(!persona);
  const query = useQuery({
    ...trpc.dashboard.funnel.queryOptions(
      catalogue ? inputs.stageFunnel(filter, catalogue) : skipToken,
    ),
    placeholderData: keepPreviousData,
    enabled: headlineDone,
  });
  const heading = title ?? t("title");

  if (query.isError && !query.data) {
    return (
      <SectionError title={heading} error={query.error} onRetry={() => void query.refetch()} />
    );
  }

  const steps = toChartSteps(query.data?.steps ?? [], catalogue);
  const { columns, rows } = funnelTable(steps, t, f);
  const windowDays = Math.round((query.data?.windowSeconds ?? 0) / 86400);

  return (
    <FunnelFrame
      title={heading}
      windowDays={windowDays}
      steps={steps}
      columns={columns}
      rows={rows}
      csvFilename={csvFilename(persona ? `funnel-${persona}` : "funnel", period)}
      hasData={query.data !== undefined}
      loading={query.isPending}
      stale={query.isPlaceholderData}
      frameHeight={340}
      links={
        catalogue && query.data ? (
          <FunnelDrillLinks
            steps={inputs.stageFunnel(filter, catalogue).steps}
            chartSteps={steps}
            windowSeconds={query.data.windowSeconds}
            persona={persona}
          />
        ) : undefined
      }
    />
  );
}
