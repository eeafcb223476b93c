"use client";

import { type ChartColumn, ChartFrame } from "@parcours/ui/chart-frame";
import { CSV_EUROS, CSV_PERCENT, CSV_RATING } from "@parcours/ui/csv";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { PersonaChart } from "~/components/charts/lazy-charts";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { PersonaStageReach } from "~/components/customers/persona-stage-reach";
import { useResolvedFilters } from "~/filters/use-filters";
import { useHeadlineFirst } from "~/hooks/use-headline-first";
import { numberCell } from "~/lib/number-cell";
import { personaDisplay } from "~/lib/persona-label";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { PersonaTable } from "./persona-table";

export function PersonaBreakdown() {
  const t = useTranslations("personas");
  const tFilters = useTranslations("filters");
  const tChart = useTranslations("chart");
  const tDrill = useTranslations("customers.drill");
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const trpc = useTRPC();
  const { filter, period } = useResolvedFilters();
  const headlineDone = useHeadlineFirst();
  const query = useQuery({
    ...trpc.dashboard.personas.queryOptions(inputs.personas(filter)),
    placeholderData: keepPreviousData,
    enabled: headlineDone,
  });

  if (query.isError && !query.data) {
    return (
      <SectionError title={t("title")} error={query.error} onRetry={() => void query.refetch()} />
    );
  }

  const personas = (query.data?.personas ?? []).map((row, i) => ({
    ...row,
    ...personaDisplay(row, i, tFilters("unassigned")),
  }));
  const active = personas.reduce((sum, p) => sum + p.activeCustomers, 0);
  const columns: ChartColumn[] = [
    { key: "persona", label: t("persona") },
    {
      key: "activeCustomers",
      label: t("activeCustomers"),
      numeric: true,
      format: numberCell(f.integer),
    },
    { key: "events", label: t("events"), numeric: true, format: numberCell(f.integer) },
    {
      key: "conversionRate",
      label: t("conversionRate"),
      numeric: true,
      format: numberCell(f.percent),
      csv: CSV_PERCENT,
    },
    {
      key: "satisfaction",
      label: t("satisfaction"),
      numeric: true,
      format: numberCell(f.rating),
      csv: CSV_RATING,
    },
    { key: "ratings", label: t("ratings"), numeric: true, format: numberCell(f.integer) },
    {
      key: "revenue",
      label: t("revenue"),
      numeric: true,
      format: numberCell(f.currency),
      csv: CSV_EUROS,
    },
    { key: "orders", label: t("orders"), numeric: true, format: numberCell(f.integer) },
    {
      key: "averageOrderValue",
      label: t("aov"),
      numeric: true,
      format: numberCell(f.currencyCents),
      csv: CSV_EUROS,
    },
  ];
  const rows = personas.map((p) => ({
    persona: p.label,
    activeCustomers: p.activeCustomers,
    events: p.events,
    conversionRate: p.conversionRate,
    satisfaction: p.satisfaction.mean,
    ratings: p.satisfaction.n,
    revenue: p.revenue,
    orders: p.orders,
    averageOrderValue: p.averageOrderValue,
  }));

  return (
    <ChartFrame
      title={t("title")}
      description={t("description")}
      note={query.data ? t("note", { count: active }) : undefined}
      columns={columns}
      rows={rows}
      csvFilename={csvFilename("personas", period)}
      labels={chartLabels}
      loading={query.isPending}
      empty={query.data && active === 0 ? <NoData /> : undefined}
      height={260}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
    >
      <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <PersonaChart
          personas={personas.map((p) => ({
            key: p.persona,
            label: p.label,
            colour: p.colour,
            value: p.conversionRate,
            n: p.activeCustomers,
          }))}
          format={f.percent}
          formatNumber={f.integer}
          measureLabel={t("conversionRate")}
          labels={{ sampleSize: t("activeCustomers"), noData: tChart("noData") }}
          domain={[0, 1]}
          ariaLabel={t("chartLabel")}
        />
        <PersonaTable personas={personas} />
      </div>
      <section aria-labelledby="persona-reach-title" className="mt-6 grid gap-1">
        <h3 id="persona-reach-title" className="font-medium text-sm">
          {tDrill("reach.title")}
        </h3>
        <p className="text-muted-foreground text-xs">{tDrill("reach.description")}</p>
        <PersonaStageReach rows={personas} />
      </section>
    </ChartFrame>
  );
}
