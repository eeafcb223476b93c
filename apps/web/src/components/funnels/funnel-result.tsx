"use client";

import { Card } from "@parcours/ui/card";
import type { ChartColumn, ChartRow } from "@parcours/ui/chart-frame";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { SectionError } from "~/components/common/section-error";
import { csvFilename } from "~/components/common/use-chart-labels";
import { funnelTable } from "~/components/overview/funnel-columns";
import { FunnelFrame, toChartSteps } from "~/components/overview/funnel-frame";
import { isMeasurable } from "~/filters/funnel-steps";
import { useResolvedFilters } from "~/filters/use-filters";
import { personaDisplay } from "~/lib/persona-label";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { useFunnel } from "./use-funnel";

export function FunnelResult() {
  const t = useTranslations("funnel");
  const tFunnels = useTranslations("funnels");
  const tFilters = useTranslations("filters");
  const f = useFormatters();
  const trpc = useTRPC();
  const { filter, period } = useResolvedFilters();
  const { definition, catalogue } = useFunnel();
  const steps = definition?.steps ?? [];
  const windowDays = definition?.windowDays ?? 30;
  const breakdown = definition?.breakdown ?? false;
  const query = useQuery({
    ...trpc.funnels.build.queryOptions(
      definition && isMeasurable(definition)
        ? inputs.funnelBuild(filter, steps, windowDays, breakdown)
        : skipToken,
    ),
    placeholderData: keepPreviousData,
  });
  const title = tFunnels("resultTitle");

  if (definition && !isMeasurable(definition)) {
    // Nothing measured rather than some other funnel than the one asked for.
    return (
      <Card title={title}>
        <p data-testid="funnel-not-measured" className="text-muted-foreground text-sm">
          {tFunnels("notMeasured")}
        </p>
      </Card>
    );
  }

  if (query.isError && !query.data) {
    return <SectionError title={title} error={query.error} onRetry={() => void query.refetch()} />;
  }

  const chartSteps = toChartSteps(query.data?.funnel.steps ?? [], catalogue);
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
    <FunnelFrame
      title={title}
      windowDays={windowDays}
      steps={chartSteps}
      series={series}
      columns={columns}
      rows={rows}
      csvFilename={csvFilename(series ? "funnel-by-persona" : "funnel", period)}
      hasData={query.data !== undefined}
      loading={query.isPending}
      stale={query.isPlaceholderData}
      frameHeight={360}
      chartHeight={360}
    />
  );
}
