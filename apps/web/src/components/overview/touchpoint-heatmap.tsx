"use client";

import type { ChartColumn, ChartRow } from "@parcours/ui/chart-frame";
import { ChartFrame } from "@parcours/ui/chart-frame";
import { CSV_PERCENT, CSV_RATING } from "@parcours/ui/csv";
import { Heatmap } from "@parcours/ui/heatmap";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useQueryStates } from "nuqs";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { useDrillHref } from "~/components/customers/use-drill-href";
import { HEATMAP_METRICS, overviewParsers } from "~/filters/search-params";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { useHeadlineFirst } from "~/hooks/use-headline-first";
import { numberCell } from "~/lib/number-cell";
import { stageName } from "~/lib/step-label";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { heatmapGroups } from "./heatmap-cells";

export function TouchpointHeatmap() {
  const t = useTranslations("heatmap");
  const tChart = useTranslations("chart");
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const trpc = useTRPC();
  const { data: catalogue } = useCatalogue();
  const { filter, period } = useResolvedFilters();
  const [{ metric }, setParams] = useQueryStates(overviewParsers, { history: "push" });
  const headlineDone = useHeadlineFirst();
  const drill = useDrillHref();
  const tDrill = useTranslations("customers.drill");
  const query = useQuery({
    ...trpc.dashboard.heatmap.queryOptions(inputs.heatmap(filter)),
    placeholderData: keepPreviousData,
    enabled: headlineDone,
  });

  if (query.isError && !query.data) {
    return (
      <SectionError title={t("title")} error={query.error} onRetry={() => void query.refetch()} />
    );
  }

  const heatmap = query.data;
  const stageLabel = (key: string) => stageName(key, catalogue);
  const totalEvents = heatmap?.rows.reduce(
    (sum, row) => sum + row.cells.reduce((s, c) => s + c.events, 0),
    0,
  );
  const groups = heatmap
    ? heatmapGroups(
        heatmap,
        metric,
        f,
        {
          tooFew: (n) => t("tooFew", { n }),
          tooltip: (cell) => t("tooltip", cell),
          noRatings: t("noRatings"),
          noEvents: (cell) => t("noEvents", cell),
          lastStage: t("lastStage"),
          share: (share, nextStage) => t("share", { share, nextStage }),
          rating: (mean, n) => t("rating", { mean, n }),
        },
        stageLabel,
      )
    : [];

  const columns: ChartColumn[] = [
    { key: "channel", label: t("channel") },
    { key: "touchpoint", label: t("corner") },
    { key: "stage", label: t("stage") },
    { key: "events", label: t("events"), numeric: true, format: numberCell(f.integer) },
    { key: "customers", label: t("customers"), numeric: true, format: numberCell(f.integer) },
    {
      key: "satisfaction",
      label: t("metrics.satisfaction"),
      numeric: true,
      format: numberCell(f.rating),
      csv: CSV_RATING,
    },
    { key: "ratings", label: t("ratings"), numeric: true, format: numberCell(f.integer) },
    {
      key: "nextStageShare",
      label: t("metrics.conversion"),
      numeric: true,
      format: numberCell(f.percent),
      csv: CSV_PERCENT,
    },
  ];
  const channelName = new Map(heatmap?.channels.map((c) => [c.key, c.name]));
  const rows: ChartRow[] = (heatmap?.rows ?? []).flatMap((row) =>
    row.cells
      .filter((cell) => cell.events > 0)
      .map((cell) => ({
        channel: channelName.get(row.channel) ?? row.channel,
        touchpoint: row.name,
        stage: stageLabel(cell.stage),
        events: cell.events,
        customers: cell.customers,
        satisfaction: cell.satisfaction.mean,
        ratings: cell.satisfaction.n,
        nextStageShare: cell.nextStageShare,
      })),
  );

  return (
    <ChartFrame
      title={t("title")}
      description={t(`descriptions.${metric}`)}
      columns={columns}
      rows={rows}
      csvFilename={csvFilename("heatmap", period)}
      labels={chartLabels}
      loading={query.isPending}
      empty={heatmap && totalEvents === 0 ? <NoData /> : undefined}
      height={420}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
      actions={
        <SegmentedControl
          label={t("metric")}
          value={metric}
          onValueChange={(next) => void setParams({ metric: next })}
          options={HEATMAP_METRICS.map((value) => ({ value, label: t(`metrics.${value}`) }))}
        />
      }
    >
      <div className="overflow-x-auto">
        <Heatmap
          stages={(heatmap?.stages ?? []).map((s) => ({ key: s.key, label: stageLabel(s.key) }))}
          groups={groups}
          metric={metric}
          formatValue={
            metric === "volume" ? f.compact : metric === "satisfaction" ? f.rating : f.percent
          }
          labels={{
            caption: t("caption"),
            corner: t("corner"),
            legend: t(`metrics.${metric}`),
            insufficient: t("insufficient"),
            empty: "",
            scrollHint: tChart("scrollHint"),
          }}
          cellLink={
            drill
              ? (touchpoint, stage) => ({
                  href: drill({ kind: "heatmap", touchpoint, stage }),
                  label: tDrill("openCell", {
                    touchpoint:
                      catalogue?.touchpoints.find((tp) => tp.key === touchpoint)?.name ??
                      touchpoint,
                    stage: stageLabel(stage),
                  }),
                })
              : undefined
          }
        />
      </div>
    </ChartFrame>
  );
}
