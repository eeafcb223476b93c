"use client";

import type { Retention, RetentionCell, RetentionCohortRow } from "@parcours/db/metrics";
import { Card } from "@parcours/ui/card";
import { type ChartColumn, ChartFrame, type ChartRow } from "@parcours/ui/chart-frame";
import { cn } from "@parcours/ui/cn";
import { CSV_PERCENT } from "@parcours/ui/csv";
import type { RetentionCurve } from "@parcours/ui/retention-curves";
import { ScrollArea } from "@parcours/ui/scroll-area";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import {
  MAX_RETENTION_COHORTS,
  retentionCohortRange,
  type TRetentionCohort,
  type TRetentionMode,
} from "@parcours/validators";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useQueryStates } from "nuqs";
import { RetentionCurves } from "~/components/charts/lazy-charts";
import { ChannelScopeNote } from "~/components/common/channel-scope-note";
import { HowComputed } from "~/components/common/how-computed";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { useDrillHref } from "~/components/customers/use-drill-href";
import { isoDay } from "~/filters/period";
import { RETENTION_CURVES, retentionParsers } from "~/filters/retention-params";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { numberCell } from "~/lib/number-cell";
import { type TFormatters, useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";

type Translate = ReturnType<typeof useTranslations<"retention">>;

/** A link to the customers behind a cell (cohort start, period), or null while they are hidden. */
type CellHref = ((cohortStart: Date, period: number) => string) | null;

const LINK =
  "rounded underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

/** Cohorts drawn one by one when "each cohort" is chosen: the most recent with customers. */
const CURVE_COHORTS = 8;
const DAY_MS = 86_400_000;

function useCohortLabel(unit: TRetentionCohort, t: Translate, f: TFormatters) {
  const format = useFormatter();
  return (start: Date) =>
    unit === "week"
      ? t("weekOf", { date: f.dayShort(start) })
      : format.dateTime(start, { month: "long", year: "numeric" });
}

/** The table's CSV (and table view): one row per cohort and period, in the long form. */
function tableRows(
  data: Retention,
  t: Translate,
  f: TFormatters,
): { columns: ChartColumn[]; rows: ChartRow[] } {
  return {
    columns: [
      { key: "cohort", label: t("columns.cohort") },
      { key: "partial", label: t("columns.partial") },
      {
        key: "customers",
        label: t("columns.customers"),
        numeric: true,
        format: numberCell(f.integer),
      },
      { key: "period", label: t("columns.period"), numeric: true },
      { key: "periodStart", label: t("columns.periodStart") },
      { key: "status", label: t("columns.status") },
      {
        key: "retained",
        label: t("columns.retained"),
        numeric: true,
        format: numberCell(f.integer),
      },
      {
        key: "share",
        label: t("columns.share"),
        numeric: true,
        format: numberCell(f.percent),
        csv: CSV_PERCENT,
      },
    ],
    rows: data.cohorts.flatMap((c) =>
      c.cells.map((cell) => ({
        cohort: isoDay(c.start),
        partial: c.partial
          ? `${isoDay(c.from)} – ${isoDay(new Date(c.to.getTime() - DAY_MS))}`
          : "",
        customers: c.customers,
        period: cell.period,
        periodStart: isoDay(cell.start),
        status: t(`status.${cell.status}`),
        retained: cell.retained,
        share: cell.share,
      })),
    ),
  };
}

/** The average curve's CSV: per period, the share and what it is taken over. */
function averageRows(
  data: Retention,
  t: Translate,
  f: TFormatters,
): { columns: ChartColumn[]; rows: ChartRow[] } {
  return {
    columns: [
      { key: "period", label: t("columns.period"), numeric: true },
      { key: "cohorts", label: t("columns.cohorts"), numeric: true },
      {
        key: "customers",
        label: t("columns.averageCustomers"),
        numeric: true,
        format: numberCell(f.integer),
      },
      {
        key: "retained",
        label: t("columns.retained"),
        numeric: true,
        format: numberCell(f.integer),
      },
      {
        key: "share",
        label: t("columns.share"),
        numeric: true,
        format: numberCell(f.percent),
        csv: CSV_PERCENT,
      },
    ],
    rows: data.average.map((a) => ({
      period: a.period,
      cohorts: a.cohorts,
      customers: a.customers,
      retained: a.retained,
      share: a.share,
    })),
  };
}

export function RetentionResult() {
  const t = useTranslations("retention");
  const f = useFormatters();
  const trpc = useTRPC();
  const chartLabels = useChartLabels();
  const { filter, period } = useResolvedFilters();
  const { data: catalogue } = useCatalogue();
  const [state, setState] = useQueryStates(retentionParsers, { history: "push", shallow: true });
  const cohortLabel = useCohortLabel(state.by, t, f);
  const drill = useDrillHref();
  const range = retentionCohortRange(filter.from, filter.to, state.by);
  const tooMany = range.count > MAX_RETENTION_COHORTS;
  const query = useQuery({
    ...trpc.retention.cohorts.queryOptions(
      tooMany ? skipToken : inputs.retention(filter, state.by, state.mode),
    ),
    placeholderData: keepPreviousData,
  });
  const title = t("tableTitle");

  const controls = (
    <section
      aria-label={t("settings")}
      className="flex flex-wrap items-center gap-x-6 gap-y-3 rounded-lg border border-border bg-card px-4 py-3"
    >
      <SegmentedControl
        label={t("cohort")}
        value={state.by}
        onValueChange={(by) => void setState({ by })}
        options={(["week", "month"] as const).map((value) => ({
          value,
          label: t(`cohorts.${value}`),
        }))}
      />
      <SegmentedControl
        label={t("mode")}
        value={state.mode}
        onValueChange={(mode) => void setState({ mode })}
        options={(["any", "purchase"] as const).map((value) => ({
          value,
          label: t(`modes.${value}`),
        }))}
      />
    </section>
  );

  if (tooMany) {
    return (
      <div className="flex flex-col gap-6">
        {controls}
        <Card title={title}>
          <p data-testid="retention-too-many" className="text-muted-foreground text-sm">
            {t("tooManyCohorts", { count: range.count, max: MAX_RETENTION_COHORTS })}
          </p>
        </Card>
      </div>
    );
  }
  if (query.isError && !query.data) {
    return (
      <div className="flex flex-col gap-6">
        {controls}
        <SectionError title={title} error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }

  const data = query.data;
  const unit = data?.cohort ?? state.by;
  const loading = query.isPending;
  const empty = data && data.customers === 0 ? <NoData /> : undefined;
  const table = data ? tableRows(data, t, f) : { columns: [], rows: [] };
  const average = data ? averageRows(data, t, f) : { columns: [], rows: [] };
  const stale = query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity";
  const periods = data ? data.average.map((a) => t("periodShort", { unit, n: a.period })) : [];
  const curves: RetentionCurve[] = data ? curvesOf(data, state.curves, cohortLabel, t) : [];

  return (
    <div className="flex flex-col gap-6">
      {controls}
      <ChartFrame
        title={title}
        description={t(`tableDescription.${state.mode}`, { unit })}
        note={
          data ? (
            <>
              {t("summary", { count: data.customers })}
              <HowComputed testId="retention-definition">{t("definition")}</HowComputed>
            </>
          ) : undefined
        }
        columns={table.columns}
        rows={table.rows}
        csvFilename={csvFilename(`retention-${unit}-${state.mode}`, period)}
        labels={chartLabels}
        loading={loading}
        empty={empty}
        height={360}
        className={stale}
      >
        <ChannelScopeNote channels={filter.channels} catalogue={catalogue} />
        {data ? (
          <RetentionTable
            data={data}
            cohortLabel={cohortLabel}
            href={cellHref(drill, data.cohort, data.mode)}
            t={t}
            f={f}
          />
        ) : null}
      </ChartFrame>
      <ChartFrame
        title={t("curvesTitle")}
        description={t("curvesDescription")}
        note={state.curves === "cohorts" ? t("curvesLatest", { count: CURVE_COHORTS }) : undefined}
        columns={average.columns}
        rows={average.rows}
        csvFilename={csvFilename(`retention-average-${unit}-${state.mode}`, period)}
        labels={chartLabels}
        loading={loading}
        empty={empty}
        height={360}
        className={stale}
        actions={
          <SegmentedControl
            label={t("curves")}
            value={state.curves}
            onValueChange={(curves) => void setState({ curves })}
            options={RETENTION_CURVES.map((value) => ({
              value,
              label: t(`curvesModes.${value}`),
            }))}
          />
        }
      >
        <div data-testid="retention-curves">
          <RetentionCurves
            curves={curves}
            periods={periods}
            format={f.percent}
            formatNumber={f.integer}
            labels={{
              x: t("axisX", { unit }),
              y: t("axisY"),
              customers: t("customers"),
            }}
            ariaLabel={t("curvesTitle")}
            height={340}
          />
        </div>
      </ChartFrame>
    </div>
  );
}

function cellHref(
  drill: ReturnType<typeof useDrillHref>,
  cohort: TRetentionCohort,
  mode: TRetentionMode,
): CellHref {
  if (!drill) return null;
  return (cohortStart, period) => drill({ kind: "retention", cohort, mode, cohortStart, period });
}

/** The average, and with "each cohort" the most recent cohorts, complete periods only. */
function curvesOf(
  data: Retention,
  mode: (typeof RETENTION_CURVES)[number],
  cohortLabel: (start: Date) => string,
  t: Translate,
): RetentionCurve[] {
  const averageCurve: RetentionCurve = {
    key: "average",
    label: t("average"),
    values: data.average.map((a) => (a.cohorts > 0 ? a.share : null)),
    sizes: data.average.map((a) => (a.cohorts > 0 ? a.customers : null)),
    emphasis: true,
  };
  if (mode === "average") return [averageCurve];
  const recent = data.cohorts.filter((c) => c.customers > 0).slice(-CURVE_COHORTS);
  return [
    averageCurve,
    ...recent.map((c) => ({
      key: `c${isoDay(c.start)}`,
      label: cohortLabel(c.start),
      values: c.cells.map((cell) => (cell.status === "complete" ? cell.share : null)),
      sizes: c.cells.map(() => c.customers),
    })),
  ];
}

function RetentionTable({
  data,
  cohortLabel,
  href,
  t,
  f,
}: {
  data: Retention;
  cohortLabel: (start: Date) => string;
  href: CellHref;
  t: Translate;
  f: TFormatters;
}) {
  const tChart = useTranslations("chart");
  const unit = data.cohort;
  const periods = data.average.map((a) => a.period);
  return (
    <div className="space-y-2">
      <ScrollArea hint={tChart("scrollHint")} contentClassName="rounded-md border border-border">
        <table
          data-testid="retention-table"
          className="w-full border-separate border-spacing-0 text-sm"
        >
          <caption className="sr-only">{t("tableTitle")}</caption>
          <thead>
            <tr>
              <th
                scope="col"
                className="sticky left-0 z-10 min-w-40 border-border border-b bg-card px-3 py-2 text-left font-medium text-muted-foreground text-xs"
              >
                {t("cohortColumn")}
              </th>
              <th
                scope="col"
                className="border-border border-b bg-card px-2 py-2 text-right font-medium text-muted-foreground text-xs"
              >
                {t("customers")}
              </th>
              {periods.map((k) => (
                <th
                  key={k}
                  scope="col"
                  className="min-w-16 border-border border-b bg-card px-2 py-2 text-center font-medium text-muted-foreground text-xs"
                >
                  <abbr title={t("period", { unit, n: k })} className="no-underline">
                    {t("periodShort", { unit, n: k })}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.cohorts.map((c) => (
              <CohortRow
                key={c.start.toISOString()}
                cohort={c}
                label={cohortLabel(c.start)}
                unit={unit}
                href={href}
                t={t}
                f={f}
              />
            ))}
            <tr>
              <th
                scope="row"
                className="sticky left-0 z-10 whitespace-nowrap border-border border-t-2 bg-card px-3 py-1.5 text-left font-semibold"
              >
                {t("average")}
              </th>
              <td className="border-border border-t-2 px-2 text-right text-xs tabular-nums" />
              {data.average.map((a) => (
                <td
                  key={a.period}
                  className="h-10 border-border border-t-2 border-l px-2 text-center font-semibold text-xs tabular-nums"
                  title={t("averageOf", { count: a.cohorts })}
                >
                  {a.share === null ? "" : f.percent(a.share)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </ScrollArea>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-muted-foreground text-xs">
        <span className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className="inline-block size-3 rounded-sm border border-border bg-hatch"
          />
          {t("legendIncomplete")}
        </span>
        <span className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className="inline-block size-3 rounded-sm border border-border"
          />
          {t("legendFuture")}
        </span>
      </p>
    </div>
  );
}

function CohortRow({
  cohort,
  label,
  unit,
  href,
  t,
  f,
}: {
  cohort: RetentionCohortRow;
  label: string;
  unit: TRetentionCohort;
  href: CellHref;
  t: Translate;
  f: TFormatters;
}) {
  return (
    <tr data-testid="retention-row">
      <th
        scope="row"
        className="sticky left-0 z-10 whitespace-nowrap border-border border-b bg-card px-3 py-1.5 text-left font-normal"
      >
        {label}
        {cohort.partial ? (
          <span className="block text-muted-foreground text-xs">
            {t("partialCohort", {
              from: f.dayShort(cohort.from),
              to: f.dayShort(new Date(cohort.to.getTime() - DAY_MS)),
            })}
          </span>
        ) : null}
      </th>
      <td
        data-testid="retention-size"
        className="border-border border-b px-2 text-right text-xs tabular-nums"
      >
        {href && cohort.customers > 0 ? (
          <Link
            href={href(cohort.start, 0)}
            className={cn(LINK, "text-primary")}
            aria-label={t("openCohort", { cohort: label, customers: f.integer(cohort.customers) })}
          >
            {f.integer(cohort.customers)}
          </Link>
        ) : (
          f.integer(cohort.customers)
        )}
      </td>
      {cohort.cells.map((cell) => (
        <RetentionCellView
          key={cell.period}
          cell={cell}
          cohort={cohort}
          label={label}
          unit={unit}
          href={href}
          t={t}
          f={f}
        />
      ))}
    </tr>
  );
}

function RetentionCellView({
  cell,
  cohort,
  label,
  unit,
  href,
  t,
  f,
}: {
  cell: RetentionCell;
  cohort: RetentionCohortRow;
  label: string;
  unit: TRetentionCohort;
  href: CellHref;
  t: Translate;
  f: TFormatters;
}) {
  // relative: the screen-reader text (absolutely placed) stays inside the scrolling box, or it
  // would widen the page.
  const base =
    "relative h-10 border-border border-b border-l px-2 text-center text-xs tabular-nums";
  const period = t("period", { unit, n: cell.period });
  if (cell.status === "future" || cell.retained === null) {
    return (
      <td data-status="future" className={base}>
        <span className="sr-only">{t("cellFuture", { cohort: label, period })}</span>
      </td>
    );
  }
  const share = cell.share === null ? "—" : f.percent(cell.share);
  const text = t("cellLabel", {
    cohort: label,
    period,
    share,
    retained: f.integer(cell.retained),
    customers: f.integer(cohort.customers),
  });
  const incomplete = cell.status === "incomplete";
  const said = incomplete ? `${text} — ${t("cellIncomplete")}` : text;
  // Colour by share, lighter to darker; an incomplete cell is hatched instead.
  const tint =
    incomplete || cell.share === null
      ? undefined
      : {
          backgroundColor: `color-mix(in oklab, var(--chart-1) ${Math.round(cell.share * 70)}%, transparent)`,
        };
  return (
    <td
      data-status={cell.status}
      className={cn(base, incomplete && "bg-hatch text-muted-foreground italic")}
      style={tint}
      title={incomplete ? `${text} — ${t("cellIncomplete")}` : text}
    >
      {href && cell.retained > 0 ? (
        <Link
          href={href(cohort.start, cell.period)}
          data-testid="retention-cell-link"
          className={cn(
            LINK,
            !incomplete && cell.share !== null && cell.share >= 0.6 && "font-semibold",
          )}
          aria-label={`${said} — ${t("openCell")}`}
        >
          <span aria-hidden="true">{share}</span>
        </Link>
      ) : (
        <>
          <span
            aria-hidden="true"
            className={cn(
              !incomplete && cell.share !== null && cell.share >= 0.6 && "font-semibold",
            )}
          >
            {share}
          </span>
          <span className="sr-only">{said}</span>
        </>
      )}
    </td>
  );
}
