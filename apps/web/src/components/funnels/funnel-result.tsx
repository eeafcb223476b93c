"use client";

import { type ChartColumn, ChartFrame, type ChartRow } from "@parcours/ui/chart-frame";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { FunnelChart } from "~/components/charts/lazy-charts";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { funnelTable } from "~/components/overview/funnel-columns";
import { useResolvedFilters } from "~/filters/use-filters";
import { personaDisplay } from "~/lib/persona-label";
import { stepLabel } from "~/lib/step-label";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { useFunnel } from "./use-funnel";

export function FunnelResult() {
  const t = useTranslations("funnel");
  const tFunnels = useTranslations("funnels");
  const tFilters = useTranslations("filters");
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const trpc = useTRPC();
  const { filter, period } = useResolvedFilters();
  const { definition, catalogue } = useFunnel();
  const steps = definition?.steps ?? [];
  const windowDays = definition?.windowDays ?? 30;
  const breakdown = definition?.breakdown ?? false;
  const query = useQuery({
    ...trpc.funnels.build.queryOptions(
      definition ? inputs.funnelBuild(filter, steps, windowDays, breakdown) : skipToken,
    ),
    placeholderData: keepPreviousData,
  });
  const title = tFunnels("resultTitle");

  if (query.isError && !query.data) {
    return <SectionError title={title} error={query.error} onRetry={() => void query.refetch()} />;
  }

  const chartSteps = (query.data?.funnel.steps ?? []).map((step) => ({
    key: step.key,
    label: stepLabel(step.step, catalogue),
    customers: step.customers,
    conversionFromPrevious: step.conversionFromPrevious,
    conversionOverall: step.conversionOverall,
    dropOff: step.dropOff,
    medianSecondsToStep: step.medianSecondsToStep,
    p90SecondsToStep: step.p90SecondsToStep,
  }));
  const entered = chartSteps[0]?.customers ?? 0;
  const series =
    breakdown && query.data?.personas
      ? query.data.personas.map((p, i) => ({
          key: p.persona,
          ...personaDisplay(p, i, tFilters("unassigned")),
          values: p.funnel.steps.map((s) => s.customers),
        }))
      : undefined;

  const table = funnelTable(chartSteps, t, f);
  const columns: ChartColumn[] = series
    ? [
        ...table.columns,
        ...series.map((s) => ({
          key: `persona:${s.key}`,
          label: s.label,
          numeric: true,
          format: (v: string | number | null) => (typeof v === "number" ? f.integer(v) : "—"),
        })),
      ]
    : table.columns;
  const rows: ChartRow[] = table.rows.map((row, i) => {
    const extra: ChartRow = {};
    for (const s of series ?? []) extra[`persona:${s.key}`] = s.values[i] ?? null;
    return { ...row, ...extra };
  });

  return (
    <ChartFrame
      title={title}
      description={t("description", { days: windowDays })}
      note={query.data ? t("entered", { count: entered }) : undefined}
      columns={columns}
      rows={rows}
      csvFilename={csvFilename(series ? "funnel-by-persona" : "funnel", period)}
      labels={chartLabels}
      loading={query.isPending}
      empty={query.data && entered === 0 ? <NoData /> : undefined}
      height={360}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
    >
      <FunnelChart
        steps={chartSteps}
        series={series}
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
        ariaLabel={title}
        height={360}
      />
    </ChartFrame>
  );
}
