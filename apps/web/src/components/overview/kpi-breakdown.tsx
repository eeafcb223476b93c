"use client";

import { type ChartColumn, ChartFrame } from "@parcours/ui/chart-frame";
import { chartColour } from "@parcours/ui/chart-theme";
import { CSV_EUROS, CSV_PERCENT, CSV_RATING } from "@parcours/ui/csv";
import {
  DEFAULT_BREAKDOWN_TOP,
  formatBreakdown,
  parseBreakdown,
  type TBreakdown,
} from "@parcours/validators";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useQueryStates } from "nuqs";
import { PersonaChart } from "~/components/charts/lazy-charts";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { BreakdownPicker } from "~/components/funnels/breakdown-select";
import { overviewParsers } from "~/filters/search-params";
import { useResolvedFilters } from "~/filters/use-filters";
import { numberCell } from "~/lib/number-cell";
import { UNASSIGNED_COLOUR } from "~/lib/persona-label";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";

/**
 * "Break down by" under the KPI cards (issue 19 item 4): the period's KPIs for each value of a
 * customer attribute or event property (dashboard.kpiBreakdown, customer data), as a table with
 * CSV and the conversion per value as a chart.
 */
export function KpiBreakdown() {
  const t = useTranslations("funnelBreakdown");
  const tChart = useTranslations("chart");
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const trpc = useTRPC();
  const { filter, period } = useResolvedFilters();
  // In the URL (`?kpiBy=attribute:plan&kpiTop=5`), so a shared link opens on the same table.
  const [{ kpiBy, kpiTop }, setParams] = useQueryStates(overviewParsers, { history: "push" });
  const breakdown = readBreakdown(kpiBy, kpiTop);
  const by = breakdown ? formatBreakdown(breakdown) : "none";
  const top = breakdown ? breakdown.top : DEFAULT_BREAKDOWN_TOP;
  const title = (b: Exclude<TBreakdown, { kind: "persona" }>) =>
    b.kind === "property" ? t("kpis.property", { key: b.key }) : t("attribute", { key: b.key });
  const query = useQuery({
    ...trpc.dashboard.kpiBreakdown.queryOptions(breakdown ? { filter, breakdown } : skipToken),
    placeholderData: keepPreviousData,
    retry: false,
  });

  const series = query.data?.series ?? [];
  const label = (s: (typeof series)[number]) =>
    s.kind === "value" ? (s.value ?? "") : s.kind === "other" ? t("other") : t("noValue");
  const active = query.data?.total.activeCustomers ?? 0;
  const columns: ChartColumn[] = [
    { key: "value", label: t("kpis.value") },
    {
      key: "activeCustomers",
      label: t("kpis.activeCustomers"),
      numeric: true,
      format: numberCell(f.integer),
    },
    { key: "events", label: t("kpis.events"), numeric: true, format: numberCell(f.integer) },
    {
      key: "conversionRate",
      label: t("kpis.conversion"),
      numeric: true,
      format: numberCell(f.percent),
      csv: CSV_PERCENT,
    },
    {
      key: "revenue",
      label: t("kpis.revenue"),
      numeric: true,
      format: numberCell(f.currency),
      csv: CSV_EUROS,
    },
    {
      key: "satisfaction",
      label: t("kpis.satisfaction"),
      numeric: true,
      format: numberCell(f.rating),
      csv: CSV_RATING,
    },
    { key: "ratings", label: t("kpis.ratings"), numeric: true, format: numberCell(f.integer) },
  ];
  const rows = series.map((s) => ({
    value: label(s),
    activeCustomers: s.kpis.activeCustomers,
    events: s.kpis.events,
    conversionRate: s.kpis.conversionRate,
    revenue: s.kpis.revenue,
    satisfaction: s.kpis.satisfaction.mean,
    ratings: s.kpis.satisfaction.n,
  }));

  const results =
    breakdown === null ? null : query.isError && !query.data ? (
      <SectionError
        title={title(breakdown)}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    ) : (
      <ChartFrame
        title={title(breakdown)}
        description={t("kpis.description")}
        note={query.data ? t("kpis.note", { count: active }) : undefined}
        columns={columns}
        rows={rows}
        csvFilename={csvFilename(`kpis-by-${breakdown.kind}-${breakdown.key}`, period)}
        labels={chartLabels}
        loading={query.isPending}
        empty={query.data && series.length === 0 ? <NoData /> : undefined}
        defaultView="table"
        height={240}
        className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
      >
        <PersonaChart
          personas={series.map((s, i) => ({
            key: `${s.kind}:${s.value ?? ""}`,
            label: label(s),
            colour: s.kind === "value" ? chartColour(i) : UNASSIGNED_COLOUR,
            value: s.kpis.conversionRate,
            n: s.kpis.activeCustomers,
          }))}
          format={f.percent}
          formatNumber={f.integer}
          measureLabel={t("kpis.conversion")}
          labels={{ sampleSize: t("kpis.activeCustomers"), noData: tChart("noData") }}
          domain={[0, 1]}
          ariaLabel={t("kpis.chartLabel")}
        />
      </ChartFrame>
    );

  return (
    <section
      aria-labelledby="kpi-breakdown-title"
      className="flex min-w-0 flex-col gap-3"
      data-testid="kpi-breakdown"
    >
      <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-3 rounded-lg border bg-card p-4 md:grid-cols-[minmax(0,20rem)_minmax(0,1fr)] md:items-start">
        <div className="grid gap-1 md:col-span-2">
          <h2 id="kpi-breakdown-title" className="font-semibold text-base">
            {t("kpis.title")}
          </h2>
          <p className="text-muted-foreground text-sm">
            {breakdown ? t("kpis.explain") : t("kpis.prompt")}
          </p>
        </div>
        <BreakdownPicker
          value={by}
          top={breakdown ? top : null}
          withPersona={false}
          topHint={t("kpis.topHint", { top })}
          testId="kpi-breakdown-select"
          onChoose={(next) => void setParams({ kpiBy: next === "none" ? null : next })}
          onTop={(next) => void setParams({ kpiTop: next })}
          propertyLabel={(key) => t("kpis.property", { key })}
        />
      </div>
      {results}
    </section>
  );
}

/**
 * The breakdown a URL asks for, or none when it names nothing the KPIs can be broken down by
 * (persona has its own table; a hand-edited value is ignored rather than an error). A `kpiTop`
 * out of range falls back to the default number of values.
 */
function readBreakdown(text: string, top: number): Exclude<TBreakdown, { kind: "persona" }> | null {
  if (!text) return null;
  for (const n of [top, undefined]) {
    try {
      const breakdown = parseBreakdown(text, n);
      return breakdown.kind === "persona" ? null : breakdown;
    } catch {
      // Try again with the default top, then give up.
    }
  }
  return null;
}
