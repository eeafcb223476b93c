"use client";

import type { RouterOutputs } from "@parcours/api";
import { Card } from "@parcours/ui/card";
import { type ChartColumn, ChartFrame, type ChartRow } from "@parcours/ui/chart-frame";
import { CSV_PERCENT } from "@parcours/ui/csv";
import { Input } from "@parcours/ui/field";
import { ScrollArea } from "@parcours/ui/scroll-area";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { Select } from "@parcours/ui/select";
import { UNASSIGNED } from "@parcours/validators";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useQueryStates } from "nuqs";
import { HowComputed } from "~/components/common/how-computed";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import {
  ANY,
  compareSide,
  FUNNEL_COMPARE_MODES,
  FUNNEL_COMPARE_PERIODS,
  funnelCompareParsers,
} from "~/filters/funnel-compare-params";
import { isMeasurable } from "~/filters/funnel-steps";
import { isoDay } from "~/filters/period";
import { useResolvedFilters } from "~/filters/use-filters";
import { numberCell } from "~/lib/number-cell";
import { stepLabel } from "~/lib/step-label";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";
import { useFunnel } from "./use-funnel";

type TComparison = RouterOutputs["funnels"]["compare"];
type TDifference = TComparison["steps"][number]["difference"]["conversionOverall"];

const DAY_SECONDS = 86_400;
const DAY_MS = 86_400_000;

/**
 * The funnel beside itself over another period or for another segment: per step both sides'
 * customers, conversion from the first step, step to step and median time, and B − A (rates in
 * points with their 95% interval). The choice lives in the URL.
 */
export function FunnelCompare() {
  const t = useTranslations("funnelCompare");
  const tChart = useTranslations("chart");
  const f = useFormatters();
  const format = useFormatter();
  const trpc = useTRPC();
  const chartLabels = useChartLabels();
  const { filter, period } = useResolvedFilters();
  const { definition, catalogue } = useFunnel();
  const [state, setState] = useQueryStates(funnelCompareParsers, {
    history: "push",
    shallow: true,
  });
  const side = compareSide(state, filter);
  const measurable = definition !== undefined && isMeasurable(definition);
  const query = useQuery({
    ...trpc.funnels.compare.queryOptions(
      definition && measurable && side
        ? {
            filter,
            steps: definition.steps,
            windowSeconds: definition.windowDays * DAY_SECONDS,
            b: side,
          }
        : skipToken,
    ),
    placeholderData: keepPreviousData,
  });

  // The funnel card above says what to fix.
  if (definition && !measurable) return null;

  const points = (v: number) => format.number(v * 100, "points");
  const periodText = (from: Date, to: Date) => f.dayRange(from, new Date(to.getTime() - DAY_MS));
  const any = (label: string) => ({ value: ANY, label });
  const segmentText = (b: { personas?: string[]; channels?: string[]; touchpoints?: string[] }) => {
    const parts = [
      ...(b.personas ?? []).map((key) =>
        key === UNASSIGNED
          ? t("unassigned")
          : (catalogue?.personas.find((p) => p.key === key)?.name ?? key),
      ),
      ...(b.channels ?? []).map(
        (key) => catalogue?.channels.find((c) => c.key === key)?.name ?? key,
      ),
      ...(b.touchpoints ?? []).map(
        (key) => catalogue?.touchpoints.find((tp) => tp.key === key)?.name ?? key,
      ),
    ];
    return parts.length > 0 ? parts.join(", ") : t("everyone");
  };
  const aText = periodText(filter.from, filter.to);
  const bText = !side
    ? ""
    : side.kind === "period"
      ? periodText(side.from, side.to)
      : `${segmentText(side)}, ${aText}`;

  const controls = (
    <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
      <SegmentedControl
        label={t("mode")}
        value={state.cmp}
        onValueChange={(cmp) => void setState({ cmp })}
        options={FUNNEL_COMPARE_MODES.map((value) => ({ value, label: t(`modes.${value}`) }))}
      />
      {state.cmp === "period" ? (
        <SegmentedControl
          label={t("period")}
          value={state.cmpPeriod}
          onValueChange={(cmpPeriod) => void setState({ cmpPeriod })}
          options={FUNNEL_COMPARE_PERIODS.map((value) => ({
            value,
            label: t(`periods.${value}`),
          }))}
        />
      ) : null}
      {state.cmp === "period" && state.cmpPeriod === "custom" ? (
        <div className="flex flex-wrap gap-3">
          {(["cmpFrom", "cmpTo"] as const).map((key) => (
            <label key={key} htmlFor={`funnel-compare-${key}`} className="grid gap-1 text-sm">
              <span className="font-medium">{t(key === "cmpFrom" ? "from" : "to")}</span>
              <Input
                type="date"
                id={`funnel-compare-${key}`}
                data-testid={`compare-${key}`}
                value={state[key] ? isoDay(state[key]) : ""}
                onChange={(e) =>
                  void setState({
                    [key]: e.target.value ? new Date(`${e.target.value}T00:00:00Z`) : null,
                  })
                }
                className="w-40"
              />
            </label>
          ))}
        </div>
      ) : null}
      {state.cmp === "segment" ? (
        <div className="flex flex-wrap gap-3">
          <div className="grid gap-1">
            <span className="font-medium text-sm">{t("persona")}</span>
            <Select
              label={t("persona")}
              value={state.cmpPersona}
              onValueChange={(cmpPersona) => void setState({ cmpPersona })}
              options={[
                any(t("anyPersona")),
                ...(catalogue?.personas ?? []).map((p) => ({ value: p.key, label: p.name })),
                { value: UNASSIGNED, label: t("unassigned") },
              ]}
              className="w-48"
            />
          </div>
          <div className="grid gap-1">
            <span className="font-medium text-sm">{t("channel")}</span>
            <Select
              label={t("channel")}
              value={state.cmpChannel}
              onValueChange={(cmpChannel) => void setState({ cmpChannel })}
              options={[
                any(t("anyChannel")),
                ...(catalogue?.channels ?? []).map((c) => ({ value: c.key, label: c.name })),
              ]}
              className="w-48"
            />
          </div>
          <div className="grid gap-1">
            <span className="font-medium text-sm">{t("touchpoint")}</span>
            <Select
              label={t("touchpoint")}
              value={state.cmpTouchpoint}
              onValueChange={(cmpTouchpoint) => void setState({ cmpTouchpoint })}
              options={[
                any(t("anyTouchpoint")),
                ...(catalogue?.touchpoints ?? []).map((tp) => ({ value: tp.key, label: tp.name })),
              ]}
              className="w-48"
            />
          </div>
        </div>
      ) : null}
    </div>
  );

  if (state.cmp === "off" || !side) {
    return (
      <Card title={t("title")} description={t("description")}>
        <section
          aria-label={t("settings")}
          className="flex flex-col gap-3"
          data-testid="funnel-compare"
        >
          {controls}
          {state.cmp !== "off" ? (
            <p className="text-muted-foreground text-sm">{t("chooseDates")}</p>
          ) : null}
        </section>
      </Card>
    );
  }
  if (query.isError && !query.data) {
    return (
      <div className="flex flex-col gap-3">
        <Card title={t("title")}>{controls}</Card>
        <SectionError title={t("title")} error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }

  const data = query.data;
  const label = (s: TComparison["steps"][number]) => stepLabel(s.step, catalogue);
  const pct = numberCell(f.percent);
  const columns: ChartColumn[] = [
    { key: "step", label: t("columns.step") },
    {
      key: "customersA",
      label: t("columns.customersA"),
      numeric: true,
      format: numberCell(f.integer),
    },
    {
      key: "customersB",
      label: t("columns.customersB"),
      numeric: true,
      format: numberCell(f.integer),
    },
    { key: "customersDiff", label: t("columns.customersDiff"), numeric: true },
    { key: "overallA", label: t("columns.overallA"), numeric: true, format: pct, csv: CSV_PERCENT },
    { key: "overallB", label: t("columns.overallB"), numeric: true, format: pct, csv: CSV_PERCENT },
    { key: "overallDiff", label: t("columns.overallDiff"), numeric: true },
    { key: "overallLow", label: t("columns.overallLow"), numeric: true },
    { key: "overallHigh", label: t("columns.overallHigh"), numeric: true },
    { key: "stepA", label: t("columns.stepA"), numeric: true, format: pct, csv: CSV_PERCENT },
    { key: "stepB", label: t("columns.stepB"), numeric: true, format: pct, csv: CSV_PERCENT },
    { key: "stepDiff", label: t("columns.stepDiff"), numeric: true },
    { key: "stepLow", label: t("columns.stepLow"), numeric: true },
    { key: "stepHigh", label: t("columns.stepHigh"), numeric: true },
    { key: "medianA", label: t("columns.medianA"), numeric: true },
    { key: "medianB", label: t("columns.medianB"), numeric: true },
    { key: "medianDiff", label: t("columns.medianDiff"), numeric: true },
  ];
  // Differences in points and medians in seconds: plain numbers a spreadsheet can use.
  const pts = (v: number | null | undefined) => (v === null || v === undefined ? null : v * 100);
  const rows: ChartRow[] = (data?.steps ?? []).map((s) => ({
    step: label(s),
    customersA: s.a.customers,
    customersB: s.b.customers,
    customersDiff: s.difference.customers,
    overallA: s.a.conversionOverall,
    overallB: s.b.conversionOverall,
    overallDiff: pts(s.difference.conversionOverall.value),
    overallLow: pts(s.difference.conversionOverall.interval?.[0]),
    overallHigh: pts(s.difference.conversionOverall.interval?.[1]),
    stepA: s.a.conversionFromPrevious,
    stepB: s.b.conversionFromPrevious,
    stepDiff: pts(s.difference.conversionFromPrevious.value),
    stepLow: pts(s.difference.conversionFromPrevious.interval?.[0]),
    stepHigh: pts(s.difference.conversionFromPrevious.interval?.[1]),
    medianA: s.a.medianSecondsToStep,
    medianB: s.b.medianSecondsToStep,
    medianDiff: s.difference.medianSecondsToStep,
  }));

  const rate = (v: number | null) => (v === null ? "—" : f.percent(v));
  const duration = (v: number | null) => (v === null ? "—" : f.duration(v));
  const durationChange = (v: number | null) =>
    v === null ? "—" : v === 0 ? f.duration(0) : `${v > 0 ? "+" : "−"}${f.duration(Math.abs(v))}`;
  const diffCell = (d: TDifference, testId: string) => {
    if (d.value === null) return <span>—</span>;
    const interval = d.interval;
    // An interval that leaves out 0: the difference is unlikely to be chance alone.
    const clear = interval !== null && (interval[0] > 0 || interval[1] < 0);
    return (
      <span className="flex flex-col items-end" data-testid={testId}>
        <span className={clear ? "font-semibold" : undefined}>{f.pointsChange(d.value)}</span>
        {interval ? (
          <span className="whitespace-nowrap text-muted-foreground text-xs">
            {t("interval", { low: points(interval[0]), high: points(interval[1]) })}
          </span>
        ) : null}
      </span>
    );
  };
  const th =
    "border-border border-b px-2 py-1.5 text-right font-medium text-muted-foreground text-xs whitespace-nowrap";
  const td = "border-border border-b px-2 py-1.5 text-right tabular-nums whitespace-nowrap";
  const group = "border-border border-b border-l px-2 pt-2 text-center font-medium text-xs";
  const entered = (data?.steps[0]?.a.customers ?? 0) + (data?.steps[0]?.b.customers ?? 0);

  return (
    <ChartFrame
      title={t("title")}
      description={t("description")}
      note={
        <>
          {t("sides", { a: aText, b: bText })}
          <HowComputed testId="funnel-compare-definition">{t("definition")}</HowComputed>
        </>
      }
      columns={columns}
      rows={rows}
      csvFilename={csvFilename("funnel-compare", period)}
      labels={chartLabels}
      loading={query.isPending}
      empty={data && entered === 0 ? <NoData /> : undefined}
      height={Math.max(200, (data?.steps.length ?? 3) * 56 + 80)}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
      actions={undefined}
    >
      <section
        aria-label={t("settings")}
        className="flex flex-col gap-4"
        data-testid="funnel-compare"
      >
        {controls}
        <p className="text-sm" data-testid="funnel-compare-sides">
          <span className="font-medium">{t("sideA")}</span> {aText}
          <span aria-hidden="true"> · </span>
          <span className="font-medium">{t("sideB")}</span> {bText}
        </p>
        <ScrollArea hint={tChart("scrollHint")} contentClassName="rounded-md border border-border">
          <table
            className="w-full border-separate border-spacing-0 text-sm"
            data-testid="funnel-compare-table"
          >
            <caption className="sr-only">{t("caption", { a: aText, b: bText })}</caption>
            <thead>
              <tr>
                <th
                  scope="col"
                  rowSpan={2}
                  className="border-border border-b px-3 py-1.5 text-left font-medium text-muted-foreground text-xs"
                >
                  {t("columns.step")}
                </th>
                {(["customers", "overall", "step", "median"] as const).map((g) => (
                  <th key={g} scope="colgroup" colSpan={3} className={group}>
                    {t(`groups.${g}`)}
                  </th>
                ))}
              </tr>
              <tr>
                {(["customers", "overall", "step", "median"] as const).flatMap((g) => [
                  <th key={`${g}a`} scope="col" className={`${th} border-l`}>
                    {t("sideA")}
                  </th>,
                  <th key={`${g}b`} scope="col" className={th}>
                    {t("sideB")}
                  </th>,
                  <th key={`${g}d`} scope="col" className={th}>
                    {t(g === "overall" || g === "step" ? "differencePoints" : "difference")}
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {(data?.steps ?? []).map((s, k) => (
                <tr key={s.key} data-testid="funnel-compare-row">
                  <th
                    scope="row"
                    className="border-border border-b px-3 py-1.5 text-left font-normal"
                  >
                    {k + 1}. {label(s)}
                  </th>
                  <td className={`${td} border-l`}>{f.integer(s.a.customers)}</td>
                  <td className={td}>{f.integer(s.b.customers)}</td>
                  <td className={td}>{f.integerChange(s.difference.customers)}</td>
                  <td className={`${td} border-l`}>
                    {k === 0 ? "—" : rate(s.a.conversionOverall)}
                  </td>
                  <td className={td}>{k === 0 ? "—" : rate(s.b.conversionOverall)}</td>
                  <td className={td}>
                    {diffCell(s.difference.conversionOverall, `compare-overall-${k}`)}
                  </td>
                  <td className={`${td} border-l`}>{rate(s.a.conversionFromPrevious)}</td>
                  <td className={td}>{rate(s.b.conversionFromPrevious)}</td>
                  <td className={td}>
                    {diffCell(s.difference.conversionFromPrevious, `compare-step-${k}`)}
                  </td>
                  <td className={`${td} border-l`}>
                    {k === 0 ? "—" : duration(s.a.medianSecondsToStep)}
                  </td>
                  <td className={td}>{k === 0 ? "—" : duration(s.b.medianSecondsToStep)}</td>
                  <td className={td}>
                    {k === 0 ? "—" : durationChange(s.difference.medianSecondsToStep)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      </section>
    </ChartFrame>
  );
}
