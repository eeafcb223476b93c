"use client";

import type { TouchpointHeatmap } from "@parcours/db/metrics";
import { type ChartColumn, ChartFrame } from "@parcours/ui/chart-frame";
import { CSV_RATING } from "@parcours/ui/csv";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { useResolvedFilters } from "~/filters/use-filters";
import { numberCell } from "~/lib/number-cell";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { SatisfactionCell } from "../overview/persona-table";

const TOP = 5;
const MIN_RATINGS = 10;

/** A touchpoint's cells summed over stages (events can override a touchpoint's stage). */
function topTouchpoints(heatmap: TouchpointHeatmap) {
  const channelName = new Map(heatmap.channels.map((c) => [c.key, c.name]));
  return heatmap.rows
    .map((row) => {
      const events = row.cells.reduce((sum, c) => sum + c.events, 0);
      const customers = Math.max(0, ...row.cells.map((c) => c.customers));
      const n = row.cells.reduce((sum, c) => sum + c.satisfaction.n, 0);
      const total = row.cells.reduce(
        (sum, c) => sum + (c.satisfaction.mean ?? 0) * c.satisfaction.n,
        0,
      );
      return {
        key: row.touchpoint,
        name: row.name,
        channel: channelName.get(row.channel) ?? row.channel,
        events,
        customers,
        satisfaction: { mean: n > 0 ? total / n : null, n, sufficient: n >= MIN_RATINGS },
      };
    })
    .filter((row) => row.events > 0)
    .sort((a, b) => b.events - a.events)
    .slice(0, TOP);
}

export function TopTouchpoints({ personaKey }: { personaKey: string }) {
  const t = useTranslations("persona");
  const tHeat = useTranslations("heatmap");
  const f = useFormatters();
  const chartLabels = useChartLabels();
  const trpc = useTRPC();
  const { filter, period } = useResolvedFilters({ persona: personaKey });
  const query = useQuery({
    ...trpc.dashboard.heatmap.queryOptions(inputs.heatmap(filter)),
    placeholderData: keepPreviousData,
  });

  if (query.isError && !query.data) {
    return (
      <SectionError
        title={t("topTouchpoints")}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }

  const top = query.data ? topTouchpoints(query.data) : [];
  const max = top[0]?.events ?? 0;
  const columns: ChartColumn[] = [
    { key: "touchpoint", label: tHeat("corner") },
    { key: "channel", label: tHeat("channel") },
    { key: "events", label: tHeat("events"), numeric: true, format: numberCell(f.integer) },
    { key: "customers", label: tHeat("customers"), numeric: true, format: numberCell(f.integer) },
    {
      key: "satisfaction",
      label: tHeat("metrics.satisfaction"),
      numeric: true,
      format: numberCell(f.rating),
      csv: CSV_RATING,
    },
    { key: "ratings", label: tHeat("ratings"), numeric: true, format: numberCell(f.integer) },
  ];
  const rows = top.map((row) => ({
    touchpoint: row.name,
    channel: row.channel,
    events: row.events,
    customers: row.customers,
    satisfaction: row.satisfaction.mean,
    ratings: row.satisfaction.n,
  }));

  return (
    <ChartFrame
      title={t("topTouchpoints")}
      description={t("topTouchpointsDescription", { count: TOP })}
      columns={columns}
      rows={rows}
      csvFilename={csvFilename(`touchpoints-${personaKey}`, period)}
      labels={chartLabels}
      loading={query.isPending}
      empty={query.data && top.length === 0 ? <NoData compact /> : undefined}
      height={260}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
    >
      <ol className="flex flex-col gap-3" aria-label={t("topTouchpoints")}>
        {top.map((row) => (
          <li
            key={row.key}
            className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-1"
          >
            <div className="min-w-0">
              <p className="truncate font-medium text-sm">{row.name}</p>
              <p className="text-muted-foreground text-xs">
                {row.channel} · {t("customers", { count: row.customers })}
              </p>
            </div>
            <div className="text-right text-sm tabular-nums">
              <SatisfactionCell satisfaction={row.satisfaction} />
            </div>
            <div className="col-span-2 flex items-center gap-2">
              <div className="h-2 flex-1 overflow-hidden rounded-full bg-muted">
                <div
                  className="h-full rounded-full bg-chart-1"
                  style={{ width: `${max > 0 ? (row.events / max) * 100 : 0}%` }}
                />
              </div>
              <span className="min-w-24 whitespace-nowrap text-right text-muted-foreground text-xs tabular-nums">
                {t("events", { count: row.events })}
              </span>
            </div>
          </li>
        ))}
      </ol>
    </ChartFrame>
  );
}
