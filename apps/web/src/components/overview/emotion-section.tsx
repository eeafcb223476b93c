"use client";

import { type ChartColumn, ChartFrame, type ChartRow } from "@parcours/ui/chart-frame";
import { CSV_RATING } from "@parcours/ui/csv";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { emotionChartSeries } from "~/components/charts/emotion-series";
import { EmotionCurve } from "~/components/charts/lazy-charts";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { withoutPersonas } from "~/filters/analytics-filter";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { useHeadlineFirst } from "~/hooks/use-headline-first";
import { numberCell } from "~/lib/number-cell";
import { stageName } from "~/lib/step-label";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { SeriesToggles } from "./series-toggles";

/**
 * Satisfaction per stage: all customers, with personas overlaid. With `persona`, only that
 * persona against everyone (the query then ignores the persona filter, so "overall" is everyone).
 */
export function EmotionSection({ persona }: { persona?: string }) {
  const t = useTranslations("emotion");
  const tFilters = useTranslations("filters");
  const tChart = useTranslations("chart");
  const tMetrics = useTranslations("metrics");
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const trpc = useTRPC();
  const { data: catalogue } = useCatalogue();
  const { filter, period } = useResolvedFilters();
  const scoped = persona ? withoutPersonas(filter) : filter;
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const headlineDone = useHeadlineFirst(!persona);
  const query = useQuery({
    ...trpc.dashboard.emotion.queryOptions(inputs.emotion(scoped)),
    placeholderData: keepPreviousData,
    enabled: headlineDone,
  });

  if (query.isError && !query.data) {
    return (
      <SectionError title={t("title")} error={query.error} onRetry={() => void query.refetch()} />
    );
  }

  const data = query.data;
  const {
    personas: personaSeries,
    asOverall,
    shown,
  } = emotionChartSeries(
    data,
    { overall: t("overall"), unassigned: tFilters("unassigned") },
    { hidden, ...(persona ? { persona } : {}) },
  );
  const rated = data?.overall.points.reduce((sum, p) => sum + p.satisfaction.n, 0) ?? 0;
  const stages = (data?.stages ?? []).map((s) => ({
    key: s.key,
    label: stageName(s.key, catalogue),
  }));

  const columns: ChartColumn[] = [
    { key: "stage", label: t("stage") },
    ...shown.flatMap((s) => [
      {
        key: `${s.key}:mean`,
        label: s.label,
        numeric: true,
        format: numberCell(f.rating),
        csv: CSV_RATING,
      },
      {
        key: `${s.key}:n`,
        label: t("nOf", { series: s.label }),
        numeric: true,
        format: numberCell(f.integer),
      },
    ]),
  ];
  const rows: ChartRow[] = stages.map((stage) => {
    const row: ChartRow = { stage: stage.label };
    for (const s of shown) {
      const point = s.points.find((p) => p.stage === stage.key);
      row[`${s.key}:mean`] = point?.mean ?? null;
      row[`${s.key}:n`] = point?.n ?? 0;
    }
    return row;
  });

  return (
    <ChartFrame
      title={persona ? t("personaTitle") : t("title")}
      description={t("description")}
      note={data ? t("note", { count: rated }) : undefined}
      columns={columns}
      rows={rows}
      csvFilename={csvFilename(persona ? `emotion-${persona}` : "emotion", period)}
      labels={chartLabels}
      loading={query.isPending}
      empty={data && rated === 0 ? <NoData /> : undefined}
      height={320}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
    >
      {!persona && personaSeries.length > 0 && (
        <SeriesToggles
          label={t("showPersonas")}
          series={personaSeries}
          hidden={hidden}
          onChange={setHidden}
        />
      )}
      {asOverall.map((s) => (
        <p
          key={s.key}
          role="note"
          data-testid="same-as-overall"
          className="text-muted-foreground text-xs"
        >
          {tMetrics("sameAsOverall", { persona: s.label })}
        </p>
      ))}
      <EmotionCurve
        stages={stages}
        series={shown}
        formatRating={f.rating}
        formatNumber={f.integer}
        labels={{
          satisfaction: t("satisfaction"),
          sampleSize: t("ratings"),
          tooFew: tChart("tooFew"),
          noData: tChart("noData"),
        }}
        ariaLabel={persona ? t("personaTitle") : t("title")}
      />
    </ChartFrame>
  );
}
