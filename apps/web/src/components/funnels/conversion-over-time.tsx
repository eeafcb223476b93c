"use client";

import { type ChartColumn, ChartFrame } from "@parcours/ui/chart-frame";
import { CSV_PERCENT } from "@parcours/ui/csv";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { TimeSeriesChart } from "~/components/charts/lazy-charts";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { isMeasurable } from "~/filters/funnel-steps";
import { isoDay } from "~/filters/period";
import { FUNNEL_BUCKETS } from "~/filters/search-params";
import { useResolvedFilters } from "~/filters/use-filters";
import { numberCell } from "~/lib/number-cell";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { overTimePoints } from "./over-time-buckets";
import { useFunnel } from "./use-funnel";

export function ConversionOverTime() {
  const t = useTranslations("overTime");
  const tChart = useTranslations("chart");
  const tOverTime = useTranslations("metrics.overTime");
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const trpc = useTRPC();
  const { filter, period } = useResolvedFilters();
  const { definition, setState } = useFunnel();
  const bucket = definition?.bucket ?? "day";
  const query = useQuery({
    ...trpc.funnels.overTime.queryOptions(
      definition && isMeasurable(definition)
        ? inputs.funnelOverTime(filter, definition.steps, definition.windowDays, bucket)
        : skipToken,
    ),
    placeholderData: keepPreviousData,
  });

  // The funnel card above says what to fix.
  if (definition && !isMeasurable(definition)) return null;
  if (query.isError && !query.data) {
    return (
      <SectionError title={t("title")} error={query.error} onRetry={() => void query.refetch()} />
    );
  }

  const buckets = query.data?.buckets ?? [];
  const windowDays = definition?.windowDays ?? 30;
  const shown = overTimePoints(buckets, bucket, windowDays, tOverTime, f);
  const entered = buckets.reduce((sum, b) => sum + b.entered, 0);
  const columns: ChartColumn[] = [
    { key: "start", label: t(`bucketStart.${bucket}`) },
    { key: "entered", label: t("entered"), numeric: true, format: numberCell(f.integer) },
    { key: "converted", label: t("converted"), numeric: true, format: numberCell(f.integer) },
    {
      key: "conversion",
      label: t("conversion"),
      numeric: true,
      format: numberCell(f.percent),
      csv: CSV_PERCENT,
    },
    { key: "status", label: tOverTime("status") },
  ];
  const rows = buckets.map((b) => ({
    start: isoDay(b.start),
    entered: b.entered,
    converted: b.converted,
    conversion: b.conversion,
    status: shown.status(b),
  }));

  return (
    <ChartFrame
      title={t("title")}
      description={t("description")}
      note={
        query.data ? (
          <>
            {t("note", { count: entered })}
            {shown.note ? (
              <span className="block" data-testid="incomplete-note">
                {shown.note}
              </span>
            ) : null}
          </>
        ) : undefined
      }
      columns={columns}
      rows={rows}
      csvFilename={csvFilename(`conversion-by-${bucket}`, period)}
      labels={chartLabels}
      loading={query.isPending}
      empty={query.data && entered === 0 ? <NoData /> : undefined}
      height={280}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
      actions={
        <SegmentedControl
          label={t("bucket")}
          value={bucket}
          onValueChange={(next) => void setState({ bucket: next })}
          options={FUNNEL_BUCKETS.map((value) => ({ value, label: t(`buckets.${value}`) }))}
        />
      }
    >
      <TimeSeriesChart
        points={shown.points}
        shadedLabel={tOverTime("band")}
        format={f.percent}
        formatNumber={f.integer}
        labels={{ value: t("conversion"), sampleSize: t("entered"), noData: tChart("noData") }}
        domain={[0, 1]}
        ariaLabel={t("title")}
      />
    </ChartFrame>
  );
}
