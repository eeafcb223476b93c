"use client";

import { ChartFrame } from "@parcours/ui/chart-frame";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { FunnelChart } from "~/components/charts/lazy-charts";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { stepLabel } from "~/lib/step-label";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { funnelTable } from "./funnel-columns";

/** Every catalogue stage in order, as a funnel. */
export function StageFunnel({ persona, title }: { persona?: string; title?: string }) {
  const t = useTranslations("funnel");
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const trpc = useTRPC();
  const { data: catalogue } = useCatalogue();
  const { filter, period } = useResolvedFilters(persona ? { persona } : {});
  const query = useQuery({
    ...trpc.dashboard.funnel.queryOptions(
      catalogue ? inputs.stageFunnel(filter, catalogue) : skipToken,
    ),
    placeholderData: keepPreviousData,
  });
  const heading = title ?? t("title");

  if (query.isError && !query.data) {
    return (
      <SectionError title={heading} error={query.error} onRetry={() => void query.refetch()} />
    );
  }

  const steps = (query.data?.steps ?? []).map((step) => ({
    key: step.key,
    label: stepLabel(step.step, catalogue),
    customers: step.customers,
    conversionFromPrevious: step.conversionFromPrevious,
    conversionOverall: step.conversionOverall,
    dropOff: step.dropOff,
    medianSecondsToStep: step.medianSecondsToStep,
    p90SecondsToStep: step.p90SecondsToStep,
  }));
  const entered = steps[0]?.customers ?? 0;
  const { columns, rows } = funnelTable(steps, t, f);
  const windowDays = Math.round((query.data?.windowSeconds ?? 0) / 86400);

  return (
    <ChartFrame
      title={heading}
      description={t("description", { days: windowDays })}
      note={query.data ? t("entered", { count: entered }) : undefined}
      columns={columns}
      rows={rows}
      csvFilename={csvFilename(persona ? `funnel-${persona}` : "funnel", period)}
      labels={chartLabels}
      loading={query.isPending}
      empty={query.data && entered === 0 ? <NoData /> : undefined}
      height={340}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
    >
      <FunnelChart
        steps={steps}
        formatNumber={f.integer}
        formatPercent={f.percent}
        formatDuration={f.duration}
        labels={{
          customers: t("customers"),
          conversionFromPrevious: t("fromPrevious"),
          conversionOverall: t("ofEntrants"),
          dropOff: t("dropOff"),
          medianTime: t("medianTime"),
        }}
        ariaLabel={heading}
      />
    </ChartFrame>
  );
}
