"use client";

import type { DriverComparison, Drivers, TouchpointDriver } from "@parcours/db/metrics";
import { Card } from "@parcours/ui/card";
import { type ChartColumn, ChartFrame, type ChartRow } from "@parcours/ui/chart-frame";
import { CSV_PERCENT, CSV_RATING } from "@parcours/ui/csv";
import type { DriverChartRow } from "@parcours/ui/drivers-chart";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useQueryStates } from "nuqs";
import { DriversChart } from "~/components/charts/lazy-charts";
import { ChannelScopeNote } from "~/components/common/channel-scope-note";
import { HowComputed } from "~/components/common/how-computed";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { DRIVER_MEASURES, driversParsers, type TDriverMeasure } from "~/filters/drivers-params";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { numberCell } from "~/lib/number-cell";
import { type TFormatters, useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";

type Translate = ReturnType<typeof useTranslations<"drivers">>;

export function pick(d: TouchpointDriver, measure: TDriverMeasure): DriverComparison | null {
  return measure === "conversion" ? d.conversion : d.satisfaction;
}

/** A difference as the measure reads it: percentage points, or rating points. */
export function differenceFormat(measure: TDriverMeasure, f: TFormatters) {
  return measure === "conversion" ? f.pointsChange : f.ratingChange;
}

/** The chart's rows: touchpoints with a difference, largest first. */
export function chartRows(
  drivers: Drivers,
  measure: TDriverMeasure,
  stageName: (key: string) => string,
): DriverChartRow[] {
  return drivers.touchpoints
    .flatMap((d) => {
      const c = pick(d, measure);
      if (!c || c.difference === null) return [];
      return [
        {
          key: d.touchpoint,
          label: `${d.name} · ${stageName(d.stage)}`,
          difference: c.difference,
          low: c.low,
          high: c.high,
          nWith: c.nWith,
          nWithout: c.nWithout,
          verdict: c.verdict,
        },
      ];
    })
    .sort((a, b) => b.difference - a.difference || (a.key < b.key ? -1 : 1));
}

/** The table (and CSV): every touchpoint, both groups, the difference and its interval. */
export function driversTable(
  drivers: Drivers,
  measure: TDriverMeasure,
  t: Translate,
  f: TFormatters,
  stageName: (key: string) => string,
): { columns: ChartColumn[]; rows: ChartRow[] } {
  const conversion = measure === "conversion";
  const value = conversion ? numberCell(f.percent) : numberCell(f.rating);
  const diff = numberCell(differenceFormat(measure, f));
  const csv = conversion ? CSV_PERCENT : CSV_RATING;
  return {
    columns: [
      { key: "touchpoint", label: t("columns.touchpoint") },
      { key: "stage", label: t("columns.stage") },
      { key: "nWith", label: t("columns.nWith"), numeric: true, format: numberCell(f.integer) },
      {
        key: "nWithout",
        label: t("columns.nWithout"),
        numeric: true,
        format: numberCell(f.integer),
      },
      { key: "with", label: t("columns.with"), numeric: true, format: value, csv },
      { key: "without", label: t("columns.without"), numeric: true, format: value, csv },
      { key: "difference", label: t("columns.difference"), numeric: true, format: diff, csv },
      { key: "low", label: t("columns.low"), numeric: true, format: diff, csv },
      { key: "high", label: t("columns.high"), numeric: true, format: diff, csv },
      { key: "verdict", label: t("columns.verdict") },
    ],
    rows: drivers.touchpoints.flatMap((d) => {
      const c = pick(d, measure);
      if (!c) return [];
      return [
        {
          touchpoint: d.name,
          stage: stageName(d.stage),
          nWith: c.nWith,
          nWithout: c.nWithout,
          with: c.with,
          without: c.without,
          difference: c.difference,
          low: c.low,
          high: c.high,
          verdict: t(`verdicts.${c.verdict}`),
        },
      ];
    }),
  };
}

function Ranking({
  title,
  description,
  none,
  keys,
  drivers,
  measure,
  tone,
  testId,
  stageName,
}: {
  title: string;
  description: string;
  none: string;
  keys: string[];
  drivers: Drivers;
  measure: TDriverMeasure;
  tone: "helps" | "hurts";
  testId: string;
  stageName: (key: string) => string;
}) {
  const t = useTranslations("drivers");
  const f = useFormatters();
  const format = differenceFormat(measure, f);
  const byKey = new Map(drivers.touchpoints.map((d) => [d.touchpoint, d]));
  return (
    <Card title={title} description={description}>
      {keys.length === 0 ? (
        <p className="text-muted-foreground text-sm">{none}</p>
      ) : (
        <ol data-testid={testId} className="flex flex-col gap-2 text-sm">
          {keys.map((key, i) => {
            const d = byKey.get(key);
            const c = d ? pick(d, measure) : null;
            if (!d || !c || c.difference === null) return null;
            return (
              <li key={key} className="flex items-baseline justify-between gap-3">
                <span>
                  <span className="mr-2 text-muted-foreground tabular-nums">{i + 1}.</span>
                  <span className="font-medium">{d.name}</span>{" "}
                  <span className="text-muted-foreground">· {stageName(d.stage)}</span>
                </span>
                <span
                  className={
                    tone === "helps"
                      ? "font-medium text-(--chart-7) tabular-nums"
                      : "font-medium text-(--chart-4) tabular-nums"
                  }
                  title={t("rankItem", {
                    touchpoint: d.name,
                    stage: stageName(d.stage),
                    difference: format(c.difference),
                    low: c.low === null ? "—" : format(c.low),
                    high: c.high === null ? "—" : format(c.high),
                  })}
                >
                  {format(c.difference)}
                  <span className="ml-1 font-normal text-muted-foreground text-xs">
                    [{c.low === null ? "—" : format(c.low)},{" "}
                    {c.high === null ? "—" : format(c.high)}]
                  </span>
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}

export function DriversResult() {
  const t = useTranslations("drivers");
  const f = useFormatters();
  const trpc = useTRPC();
  const chartLabels = useChartLabels();
  const { filter, period } = useResolvedFilters();
  const { data: catalogue } = useCatalogue();
  const [{ measure }, setParams] = useQueryStates(driversParsers, { history: "push" });
  const query = useQuery({
    ...trpc.drivers.touchpoints.queryOptions(inputs.drivers(filter)),
    placeholderData: keepPreviousData,
  });
  const stageNames = new Map(catalogue?.stages.map((s) => [s.key, s.name]) ?? []);
  const stageName = (key: string) => stageNames.get(key) ?? key;
  const title = t("chartTitle");

  if (query.isError && !query.data) {
    return <SectionError title={title} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const data = query.data;
  const loading = query.isPending;
  const empty = data?.touchpoints.every((d) => d.with.customers + d.without.customers === 0) ? (
    <NoData />
  ) : undefined;
  const rows = data ? chartRows(data, measure, stageName) : [];
  const table = data ? driversTable(data, measure, t, f, stageName) : { columns: [], rows: [] };
  const ranking = data?.rankings[measure];
  const min = data?.minGroup ?? 30;
  const conversionStage = stageName(data?.conversionStage ?? "");
  const stale = query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity";

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p
          data-testid="drivers-association"
          className="max-w-3xl rounded-md border border-(--warning) bg-muted/40 px-3 py-2 text-sm"
        >
          {t("association")}
        </p>
        <SegmentedControl
          label={t("measure")}
          value={measure}
          onValueChange={(next) => void setParams({ measure: next })}
          options={DRIVER_MEASURES.map((m) => ({ value: m, label: t(`measures.${m}`) }))}
        />
      </div>
      {data && ranking ? (
        <div className={`grid gap-6 md:grid-cols-2 ${stale}`}>
          <Ranking
            title={t("helpsTitle")}
            description={t("helpsDescription")}
            none={t("noneHelps")}
            keys={ranking.helps}
            drivers={data}
            measure={measure}
            tone="helps"
            testId="drivers-helps"
            stageName={stageName}
          />
          <Ranking
            title={t("hurtsTitle")}
            description={t("hurtsDescription")}
            none={t("noneHurts")}
            keys={ranking.hurts}
            drivers={data}
            measure={measure}
            tone="hurts"
            testId="drivers-hurts"
            stageName={stageName}
          />
        </div>
      ) : null}
      <ChartFrame
        title={title}
        description={
          measure === "conversion"
            ? t("chartDescriptionConversion", { stage: conversionStage })
            : t("chartDescriptionSatisfaction")
        }
        note={
          <>
            {t("tooFewNote", { min })}{" "}
            {measure === "conversion" ? t("notApplicable", { stage: conversionStage }) : null}
            <HowComputed testId="drivers-definition">{t("definition", { min })}</HowComputed>
          </>
        }
        columns={table.columns}
        rows={table.rows}
        csvFilename={csvFilename(`drivers-${measure}`, period)}
        labels={chartLabels}
        loading={loading}
        empty={empty}
        height={Math.max(200, rows.length * 28 + 100)}
        className={stale}
      >
        <ChannelScopeNote channels={filter.channels} catalogue={catalogue} />
        <div data-testid="drivers-chart">
          <DriversChart
            rows={rows}
            formatDifference={differenceFormat(measure, f)}
            formatNumber={f.integer}
            labels={{
              axis: measure === "conversion" ? t("axisConversion") : t("axisSatisfaction"),
              interval: t("interval"),
              nWith: measure === "conversion" ? t("nWith") : t("ratedWith"),
              nWithout: measure === "conversion" ? t("nWithout") : t("ratedWithout"),
              verdicts: {
                helps: t("verdicts.helps"),
                hurts: t("verdicts.hurts"),
                unclear: t("verdicts.unclear"),
                too_few: t("verdicts.too_few"),
              },
            }}
            ariaLabel={title}
          />
        </div>
      </ChartFrame>
    </div>
  );
}
