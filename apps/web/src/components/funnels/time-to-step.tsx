"use client";

import type { RouterOutputs } from "@parcours/api";
import { type ChartColumn, ChartFrame, type ChartRow } from "@parcours/ui/chart-frame";
import { CSV_PERCENT } from "@parcours/ui/csv";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { HowComputed } from "~/components/common/how-computed";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { isMeasurable } from "~/filters/funnel-steps";
import { useResolvedFilters } from "~/filters/use-filters";
import { numberCell } from "~/lib/number-cell";
import { stepLabel } from "~/lib/step-label";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { useFunnel } from "./use-funnel";

type TTimes = RouterOutputs["funnels"]["times"];

const UNIT_SECONDS = { hour: 3600, day: 86_400, week: 7 * 86_400 } as const;

/**
 * Time to each step as a distribution: one histogram per step after the first (small
 * multiples, each scaled to its own tallest bin), with a table and CSV of every bin.
 */
export function TimeToStep() {
  const t = useTranslations("metrics.timeToStep");
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const trpc = useTRPC();
  const { filter, period } = useResolvedFilters();
  const { definition, catalogue } = useFunnel();
  const query = useQuery({
    ...trpc.funnels.times.queryOptions(
      definition && isMeasurable(definition)
        ? inputs.funnelBuild(filter, definition.steps, definition.windowDays, false)
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

  const times = query.data;
  const unit = times?.unit ?? "day";
  const size = UNIT_SECONDS[unit];
  // Edges are whole units but for a window that is not (90 days: the last week ends at 12.9).
  const edge = (seconds: number) =>
    Number.isInteger(seconds / size) ? f.integer(seconds / size) : f.rating(seconds / size);
  const range = (b: { fromSeconds: number; toSeconds: number }) =>
    t("bin", { from: edge(b.fromSeconds), to: edge(b.toSeconds), unit });
  const label = (s: TTimes["steps"][number]) => stepLabel(s.step, catalogue);
  const columns: ChartColumn[] = [
    { key: "step", label: t("step") },
    { key: "range", label: t("range") },
    { key: "fromSeconds", label: t("fromSeconds"), numeric: true, format: numberCell(f.integer) },
    { key: "toSeconds", label: t("toSeconds"), numeric: true, format: numberCell(f.integer) },
    { key: "customers", label: t("customers"), numeric: true, format: numberCell(f.integer) },
    {
      key: "share",
      label: t("share"),
      numeric: true,
      format: numberCell(f.percent),
      csv: CSV_PERCENT,
    },
  ];
  const rows: ChartRow[] = (times?.steps ?? []).flatMap((s) =>
    s.bins.map((b) => ({
      step: label(s),
      range: range(b),
      fromSeconds: b.fromSeconds,
      toSeconds: b.toSeconds,
      customers: b.customers,
      share: s.customers > 0 ? b.customers / s.customers : null,
    })),
  );
  const reached = times?.steps.reduce((sum, s) => sum + s.customers, 0) ?? 0;

  return (
    <ChartFrame
      title={t("title")}
      description={t("description", { unit })}
      note={<HowComputed testId="time-to-step-definition">{t("definition")}</HowComputed>}
      columns={columns}
      rows={rows}
      csvFilename={csvFilename("time-to-step", period)}
      labels={chartLabels}
      loading={query.isPending}
      empty={times && reached === 0 ? <NoData /> : undefined}
      height={Math.max(160, (times?.steps.length ?? 1) * 112)}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
    >
      <div className="grid gap-5" data-testid="time-to-step">
        {(times?.steps ?? []).map((s) => {
          const max = Math.max(1, ...s.bins.map((b) => b.customers));
          const last = s.bins[s.bins.length - 1];
          return (
            <figure key={s.key} className="grid gap-1" data-testid={`time-to-step-${s.index}`}>
              <figcaption className="font-medium text-sm">
                {t("stepTitle", { step: label(s), count: s.customers })}
              </figcaption>
              <ol
                aria-label={t("bars", { step: label(s) })}
                className="flex h-16 items-end gap-px border-border border-b"
              >
                {s.bins.map((b) => {
                  const text = t("bar", { range: range(b), count: b.customers });
                  return (
                    <li
                      key={b.fromSeconds}
                      title={text}
                      className="flex h-full min-w-0 flex-1 items-end"
                    >
                      <span
                        aria-hidden="true"
                        className="w-full rounded-t-sm bg-primary/80"
                        style={{
                          height:
                            b.customers > 0 ? `${Math.max(4, (b.customers / max) * 100)}%` : 0,
                        }}
                      />
                      <span className="sr-only">{text}</span>
                    </li>
                  );
                })}
              </ol>
              <div
                aria-hidden="true"
                className="flex justify-between text-muted-foreground text-xs tabular-nums"
              >
                <span>{t("axisStart")}</span>
                <span>{last ? t("axisEnd", { to: edge(last.toSeconds), unit }) : null}</span>
              </div>
            </figure>
          );
        })}
      </div>
    </ChartFrame>
  );
}
