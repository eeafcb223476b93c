"use client";

import { Card } from "@parcours/ui/card";
import type { ChartColumn, ChartRow } from "@parcours/ui/chart-frame";
import { chartColour } from "@parcours/ui/chart-theme";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { SectionError } from "~/components/common/section-error";
import { csvFilename } from "~/components/common/use-chart-labels";
import { funnelTable } from "~/components/overview/funnel-columns";
import { FunnelFrame, toChartSteps } from "~/components/overview/funnel-frame";
import { isMeasurable } from "~/filters/funnel-steps";
import { useResolvedFilters } from "~/filters/use-filters";
import { personaDisplay, UNASSIGNED_COLOUR } from "~/lib/persona-label";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { useFunnel } from "./use-funnel";

/** "Other" in a breakdown: a neutral colour apart from the values' and from "(none)"'s. */
const OTHER_COLOUR = "var(--chart-7)";

export function FunnelResult() {
  const t = useTranslations("funnel");
  const tFunnels = useTranslations("funnels");
  const tFilters = useTranslations("filters");
  const tBy = useTranslations("funnelBreakdown");
  const tExclude = useTranslations("funnelExclusion");
  const f = useFormatters();
  const trpc = useTRPC();
  const { filter, period } = useResolvedFilters();
  const { definition, catalogue } = useFunnel();
  const steps = definition?.steps ?? [];
  const windowDays = definition?.windowDays ?? 30;
  const by = definition?.by ?? null;
  const breakdown = !by && (definition?.breakdown ?? false);
  const measurable = definition !== undefined && isMeasurable(definition);
  const query = useQuery({
    ...trpc.funnels.build.queryOptions(
      measurable ? inputs.funnelBuild(filter, steps, windowDays, breakdown) : skipToken,
    ),
    placeholderData: keepPreviousData,
  });
  // An attribute or property breakdown (issue 19 item 4): its own query, beside the funnel.
  const byValue = useQuery({
    ...trpc.funnels.breakdown.queryOptions(
      measurable && by ? inputs.funnelBreakdown(filter, steps, windowDays, by) : skipToken,
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
  if (by && byValue.isError && !byValue.data) {
    return (
      <SectionError title={title} error={byValue.error} onRetry={() => void byValue.refetch()} />
    );
  }

  const chartSteps = toChartSteps(query.data?.funnel.steps ?? [], catalogue);
  const series = by
    ? byValue.data?.series.map((s, i) => ({
        key: s.kind === "value" ? `=${s.value ?? ""}` : s.kind,
        label:
          s.kind === "value" ? (s.value ?? "") : s.kind === "other" ? tBy("other") : tBy("noValue"),
        colour:
          s.kind === "none"
            ? UNASSIGNED_COLOUR
            : s.kind === "other"
              ? OTHER_COLOUR
              : chartColour(i),
        values: s.funnel.steps.map((step) => step.customers),
      }))
    : breakdown && query.data?.personas
      ? query.data.personas.map((p, i) => ({
          key: p.persona,
          ...personaDisplay(p, i, tFilters("unassigned")),
          values: p.funnel.steps.map((s) => s.customers),
        }))
      : undefined;

  const table = funnelTable(chartSteps, t, f);
  // What each step excludes since the previous one (touchpoint names, then event types): a
  // column of the table and the CSV, and a line under the chart, so a shared or exported
  // funnel says which customers it left out.
  const excluded = (query.data?.funnel.steps ?? []).map((s) => [
    ...(s.step.exclude?.touchpoints ?? []).map(
      (key) => catalogue?.touchpoints.find((item) => item.key === key)?.name ?? key,
    ),
    ...(s.step.exclude?.types ?? []).map((type) => tExclude("type", { type })),
  ]);
  const excluding = excluded.some((names) => names.length > 0);
  const baseColumns: ChartColumn[] = excluding
    ? [...table.columns, { key: "excluding", label: tExclude("column") }]
    : table.columns;
  const columns: ChartColumn[] = series
    ? [
        ...baseColumns,
        ...series.map((s) => ({
          key: `persona:${s.key}`,
          label: s.label,
          numeric: true,
          format: (v: string | number | null) => (typeof v === "number" ? f.integer(v) : "—"),
        })),
      ]
    : baseColumns;
  const rows: ChartRow[] = table.rows.map((row, i) => {
    const extra: ChartRow = {};
    if (excluding) extra.excluding = excluded[i]?.join(", ") || null;
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
      csvFilename={csvFilename(
        by ? `funnel-by-${by.kind}-${by.key}` : series ? "funnel-by-persona" : "funnel",
        period,
      )}
      hasData={query.data !== undefined && (!by || byValue.data !== undefined)}
      loading={query.isPending || (by !== null && byValue.isPending)}
      stale={query.isPlaceholderData || byValue.isPlaceholderData}
      links={
        by || excluding ? (
          <>
            {excluding && (
              <ul
                className="mt-3 space-y-0.5 text-muted-foreground text-xs"
                data-testid="funnel-exclusions-note"
              >
                {chartSteps.map((step, i) => {
                  const names = excluded[i] ?? [];
                  return names.length === 0 ? null : (
                    <li key={step.key}>
                      {tExclude("summary", {
                        position: i + 1,
                        step: step.label,
                        previous: i,
                        names: names.join(", "),
                      })}
                    </li>
                  );
                })}
              </ul>
            )}
            {by && (
              <p className="mt-3 text-muted-foreground text-xs" data-testid="funnel-breakdown-note">
                {tBy("explain")}
              </p>
            )}
          </>
        ) : undefined
      }
      frameHeight={360}
      chartHeight={360}
    />
  );
}
