"use client";

import type { ObservedPaths } from "@parcours/db/metrics";
import { Card } from "@parcours/ui/card";
import { type ChartColumn, ChartFrame, type ChartRow } from "@parcours/ui/chart-frame";
import { CSV_HOURS, CSV_PERCENT } from "@parcours/ui/csv";
import type { PathsSankeyLink, PathsSankeyNode } from "@parcours/ui/paths-sankey";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { PathsSankey } from "~/components/charts/lazy-charts";
import { ChannelScopeNote } from "~/components/common/channel-scope-note";
import { HowComputed } from "~/components/common/how-computed";
import { NoData } from "~/components/common/no-data";
import { SectionError } from "~/components/common/section-error";
import { csvFilename, useChartLabels } from "~/components/common/use-chart-labels";
import { useResolvedFilters } from "~/filters/use-filters";
import { numberCell } from "~/lib/number-cell";
import { type TFormatters, useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";
import { usePaths } from "./use-paths";

const START = "start";
const OTHER = "other";

/** The Sankey's nodes and links: a node is a step at a depth; "other paths" has its own. */
export function sankeyData(
  paths: ObservedPaths,
  otherLabel: string,
): { nodes: PathsSankeyNode[]; links: PathsSankeyLink[] } {
  const names = new Map(paths.stepNames.map((s) => [s.key, s.name]));
  const nodeId = (depth: number, key: string | null) =>
    depth === 0 ? START : key === null ? OTHER : `${depth}:${key}`;
  const nodes = new Map<string, PathsSankeyNode>();
  nodes.set(START, {
    id: START,
    label: paths.start.name,
    depth: 0,
    customers: paths.entrants,
    kind: "start",
  });
  const links: PathsSankeyLink[] = paths.links.map((link) => {
    const source = nodeId(link.depth, link.source);
    const target = nodeId(link.depth + 1, link.target);
    const existing = nodes.get(target);
    if (existing) existing.customers += link.customers;
    else
      nodes.set(target, {
        id: target,
        label: link.target === null ? otherLabel : (names.get(link.target) ?? link.target),
        depth: link.depth + 1,
        customers: link.customers,
        ...(link.target === null ? { kind: "other" as const } : {}),
      });
    return {
      source,
      target,
      customers: link.customers,
      share: link.share,
      medianSeconds: link.medianSeconds,
    };
  });
  return { nodes: [...nodes.values()], links };
}

type Translate = ReturnType<typeof useTranslations<"paths">>;

function pathLabel(steps: string[], paths: ObservedPaths, t: Translate): string {
  const names = new Map(paths.stepNames.map((s) => [s.key, s.name]));
  if (steps.length === 0) return t("noFurtherStep");
  return steps.map((key) => names.get(key) ?? key).join(" → ");
}

/** The table (and CSV) of the listed paths, then "other". */
export function pathsTable(
  paths: ObservedPaths,
  t: Translate,
  f: TFormatters,
): { columns: ChartColumn[]; rows: ChartRow[] } {
  return {
    columns: [
      { key: "path", label: t("columns.path") },
      {
        key: "customers",
        label: t("columns.customers"),
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
      {
        key: "conversion",
        label: t("columns.conversion", { stage: paths.conversionStage.name }),
        numeric: true,
        format: numberCell(f.percent),
        csv: CSV_PERCENT,
      },
    ],
    rows: [
      ...paths.paths.map((p) => ({
        path: `${paths.start.name} → ${pathLabel(p.steps, paths, t)}`,
        customers: p.customers,
        share: p.share,
        conversion: p.conversion,
      })),
      ...(paths.other.customers > 0
        ? [
            {
              path: t("otherPaths", { count: paths.other.paths }),
              customers: paths.other.customers,
              share: paths.other.share,
              conversion: paths.other.conversion,
            },
          ]
        : []),
    ],
  };
}

function linksTable(
  data: { nodes: PathsSankeyNode[]; links: PathsSankeyLink[] },
  t: Translate,
  f: TFormatters,
): { columns: ChartColumn[]; rows: ChartRow[] } {
  const label = new Map(data.nodes.map((n) => [n.id, n]));
  return {
    columns: [
      { key: "step", label: t("columns.step"), numeric: true },
      { key: "from", label: t("columns.from") },
      { key: "to", label: t("columns.to") },
      {
        key: "customers",
        label: t("columns.customers"),
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
      {
        key: "median",
        label: t("columns.medianTime"),
        numeric: true,
        format: numberCell(f.duration),
        csv: CSV_HOURS,
      },
    ],
    rows: data.links.map((l) => ({
      step: label.get(l.target)?.depth ?? null,
      from: label.get(l.source)?.label ?? l.source,
      to: label.get(l.target)?.label ?? l.target,
      customers: l.customers,
      share: l.share,
      median: l.medianSeconds,
    })),
  };
}

export function PathsResult() {
  const t = useTranslations("paths");
  const f = useFormatters();
  const trpc = useTRPC();
  const chartLabels = useChartLabels();
  const { filter, period } = useResolvedFilters();
  const { definition, catalogue } = usePaths();
  const start = definition?.start;
  const query = useQuery({
    ...trpc.paths.observed.queryOptions(
      definition && start
        ? inputs.paths(filter, start, definition.level, definition.steps, definition.windowDays)
        : skipToken,
    ),
    placeholderData: keepPreviousData,
  });
  const title = t("chartTitle");
  const tableTitle = t("tableTitle");

  if (definition && !start) {
    return (
      <Card title={title}>
        <p data-testid="paths-not-measured" className="text-muted-foreground text-sm">
          {t("notMeasured")}
        </p>
      </Card>
    );
  }
  if (query.isError && !query.data) {
    return <SectionError title={title} error={query.error} onRetry={() => void query.refetch()} />;
  }

  const data = query.data;
  const loading = query.isPending;
  const empty = data && data.entrants === 0 ? <NoData /> : undefined;
  const sankey = data ? sankeyData(data, t("otherPathsNode")) : { nodes: [], links: [] };
  const links = linksTable(sankey, t, f);
  const table = data ? pathsTable(data, t, f) : { columns: [], rows: [] };
  const windowDays = definition?.windowDays ?? 30;
  const note = data ? (
    <>
      {t("entrants", {
        count: data.entrants,
        conversion: data.conversion === null ? "—" : f.percent(data.conversion),
        stage: data.conversionStage.name,
        days: windowDays,
      })}
      <HowComputed testId="paths-definition">{t("definition", { days: windowDays })}</HowComputed>
    </>
  ) : undefined;
  const stale = query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity";

  return (
    <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <ChartFrame
        title={title}
        description={t("chartDescription", { steps: definition?.steps ?? 3, days: windowDays })}
        note={note}
        columns={links.columns}
        rows={links.rows}
        csvFilename={csvFilename("path-links", period)}
        labels={chartLabels}
        loading={loading}
        empty={empty}
        height={440}
        className={stale}
      >
        <ChannelScopeNote channels={filter.channels} catalogue={catalogue} />
        <div data-testid="paths-sankey">
          <PathsSankey
            nodes={sankey.nodes}
            links={sankey.links}
            formatNumber={f.integer}
            formatPercent={f.percent}
            formatDuration={f.duration}
            labels={{
              customers: t("columns.customers"),
              share: t("columns.share"),
              medianTime: t("columns.medianTime"),
              noTime: "—",
            }}
            ariaLabel={title}
            height={440}
          />
        </div>
      </ChartFrame>
      <ChartFrame
        title={tableTitle}
        description={t("tableDescription")}
        columns={table.columns}
        rows={table.rows}
        csvFilename={csvFilename("paths", period)}
        labels={chartLabels}
        loading={loading}
        empty={empty}
        height={440}
        defaultView="table"
        className={stale}
      >
        <ShareBars rows={table.rows} f={f} />
      </ChartFrame>
    </div>
  );
}

/** The paths' shares as bars: the table's chart view. */
function ShareBars({ rows, f }: { rows: ChartRow[]; f: TFormatters }) {
  return (
    <ul className="flex flex-col gap-2 text-sm">
      {rows.map((row) => {
        const share = typeof row.share === "number" ? row.share : 0;
        return (
          <li key={String(row.path)} className="flex flex-col gap-0.5">
            <span className="flex justify-between gap-3">
              <span className="truncate">{row.path}</span>
              <span className="tabular-nums text-muted-foreground">{f.percent(share)}</span>
            </span>
            <span aria-hidden="true" className="h-1.5 rounded-full bg-muted">
              <span
                className="block h-1.5 rounded-full bg-(--chart-2)"
                style={{ width: `${Math.round(share * 100)}%` }}
              />
            </span>
          </li>
        );
      })}
    </ul>
  );
}
