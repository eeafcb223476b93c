"use client";

import type { FunnelStepResult } from "@parcours/db/metrics";
import { type ChartColumn, ChartFrame, type ChartRow } from "@parcours/ui/chart-frame";
import type { FunnelChartSeries } from "@parcours/ui/funnel-chart";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { FunnelChart } from "~/components/charts/lazy-charts";
import { ChannelScopeNote } from "~/components/common/channel-scope-note";
import { HowComputed } from "~/components/common/how-computed";
import { NoData } from "~/components/common/no-data";
import { useChartLabels } from "~/components/common/use-chart-labels";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { stepLabel } from "~/lib/step-label";
import { useFormatters } from "~/lib/use-formatters";
import type { Catalogue } from "~/trpc/outputs";
import type { TFunnelTableStep } from "./funnel-columns";

/** A funnel result's steps as the chart and its table take them, with readable labels. */
export function toChartSteps(
  steps: FunnelStepResult[],
  catalogue: Catalogue | undefined,
): TFunnelTableStep[] {
  return steps.map((step) => ({
    key: step.key,
    label: stepLabel(step.step, catalogue),
    customers: step.customers,
    conversionFromPrevious: step.conversionFromPrevious,
    conversionOverall: step.conversionOverall,
    dropOff: step.dropOff,
    medianSecondsToStep: step.medianSecondsToStep,
    p90SecondsToStep: step.p90SecondsToStep,
  }));
}

interface FunnelFrameProps {
  title: string;
  windowDays: number;
  steps: TFunnelTableStep[];
  series?: FunnelChartSeries[] | undefined;
  columns: ChartColumn[];
  rows: ChartRow[];
  csvFilename: string;
  /** The query has answered (the note and the empty state need figures). */
  hasData: boolean;
  loading: boolean;
  /** Previous figures shown while new ones load. */
  stale: boolean;
  frameHeight: number;
  chartHeight?: number;
  /** Links under the chart (the customers behind each step). */
  links?: ReactNode;
}

/** The funnel chart in its frame (table view, CSV), shared by the overview and the builder. */
export function FunnelFrame(props: FunnelFrameProps) {
  const t = useTranslations("funnel");
  const tMetrics = useTranslations("metrics");
  const { filter } = useResolvedFilters();
  const { data: catalogue } = useCatalogue();
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const entered = props.steps[0]?.customers ?? 0;
  return (
    <ChartFrame
      title={props.title}
      description={t("description", { days: props.windowDays })}
      note={
        props.hasData ? (
          <>
            {t("entered", { count: entered })}
            <HowComputed testId="funnel-definition">
              {tMetrics("funnel", { days: props.windowDays })}
            </HowComputed>
          </>
        ) : undefined
      }
      columns={props.columns}
      rows={props.rows}
      csvFilename={props.csvFilename}
      labels={chartLabels}
      loading={props.loading}
      empty={props.hasData && entered === 0 ? <NoData /> : undefined}
      height={props.frameHeight}
      className={props.stale ? "opacity-70 transition-opacity" : "transition-opacity"}
    >
      <ChannelScopeNote channels={filter.channels} catalogue={catalogue} />
      <FunnelChart
        steps={props.steps}
        {...(props.series ? { series: props.series } : {})}
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
        ariaLabel={props.title}
        {...(props.chartHeight ? { height: props.chartHeight } : {})}
      />
      {props.links}
    </ChartFrame>
  );
}
