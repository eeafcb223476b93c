"use client";

import { Button } from "@parcours/ui/button";
import { Card } from "@parcours/ui/card";
import { CSV_EUROS, CSV_RATING, downloadCsv, toCsv } from "@parcours/ui/csv";
import { EmptyState } from "@parcours/ui/empty-state";
import { Skeleton } from "@parcours/ui/skeleton";
import type { TCustomerSort, TCustomerSortKey, TCustomerSource } from "@parcours/validators";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  ArrowDown,
  ArrowUp,
  ArrowUpDown,
  ChevronLeft,
  ChevronRight,
  Download,
  Users,
} from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { SaveAsCohort } from "~/components/cohorts/save-as-cohort";
import { AlertText, RequestError } from "~/components/common/alert-text";
import { SectionError } from "~/components/common/section-error";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { stageName, stepLabel } from "~/lib/step-label";
import { useFormatters } from "~/lib/use-formatters";
import type { Catalogue } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";

export const PAGE_SIZE = 50;

const COLUMNS: { key: TCustomerSortKey | "persona" | "attributes"; numeric?: boolean }[] = [
  { key: "externalId" },
  { key: "persona" },
  { key: "attributes" },
  { key: "firstSeen" },
  { key: "lastSeen" },
  { key: "events", numeric: true },
  { key: "revenue", numeric: true },
  { key: "rating", numeric: true },
];

function isSortKey(key: string): key is TCustomerSortKey {
  return key !== "persona" && key !== "attributes";
}

function attributesText(attributes: Record<string, unknown>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
}

/** The sentence saying which figure the list is behind. */
export function useSourceTitle(): (
  source: TCustomerSource,
  catalogue: Catalogue | undefined,
) => string {
  const t = useTranslations("customers.drill.sources");
  const tDrill = useTranslations("customers.drill");
  const f = useFormatters();
  const format = useFormatter();
  return (source, catalogue) => {
    switch (source.kind) {
      case "funnel": {
        const steps = source.steps.map((s) => stepLabel(s, catalogue)).join(" → ");
        const step = source.steps[source.step];
        const label = step ? stepLabel(step, catalogue) : "";
        return t(source.outcome, {
          index: source.step + 1,
          previousIndex: source.step,
          step: label,
          steps,
        });
      }
      case "heatmap":
        return t("heatmap", {
          touchpoint:
            catalogue?.touchpoints.find((tp) => tp.key === source.touchpoint)?.name ??
            source.touchpoint,
          stage: stageName(source.stage, catalogue),
        });
      case "kpi":
        return source.kpi === "customers"
          ? t("customers")
          : t("converters", {
              stage: catalogue?.stages.find((s) => s.isConversion)?.name ?? "",
            });
      case "persona-stage":
        return t("personaStage", {
          persona:
            source.persona === "unassigned"
              ? tDrill("unassigned")
              : (catalogue?.personas.find((p) => p.key === source.persona)?.name ?? source.persona),
          stage: stageName(source.stage, catalogue),
        });
      case "retention": {
        const cohort =
          source.cohort === "week"
            ? t("retentionWeek", { date: f.dayShort(source.cohortStart) })
            : format.dateTime(source.cohortStart, {
                month: "long",
                year: "numeric",
                timeZone: "UTC",
              });
        return source.period === 0
          ? t("retentionCohort", { cohort })
          : t(`retention.${source.mode}`, { cohort, unit: source.cohort, n: source.period });
      }
    }
  };
}

/** The customers behind a figure: sortable, paged, downloadable as CSV. */
export function CustomerList({ source }: { source: TCustomerSource }) {
  const t = useTranslations("customers.drill");
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: catalogue } = useCatalogue();
  const { filter, period } = useResolvedFilters();
  const sourceTitle = useSourceTitle();
  const [sort, setSort] = useState<TCustomerSort>({ by: "lastSeen", dir: "desc" });
  const [offset, setOffset] = useState(0);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [truncated, setTruncated] = useState<{ limit: number; total: number } | null>(null);

  const query = useQuery({
    ...trpc.customers.list.queryOptions({ filter, source, sort, offset, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const title = sourceTitle(source, catalogue);
  const personaName = (key: string | null) =>
    key === null ? t("unassigned") : (catalogue?.personas.find((p) => p.key === key)?.name ?? key);

  if (query.isError && !query.data) {
    return <SectionError title={title} error={query.error} onRetry={() => void query.refetch()} />;
  }

  const columnLabel = (key: (typeof COLUMNS)[number]["key"]) => t(`columns.${key}`);

  const download = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const all = await queryClient.fetchQuery(
        trpc.customers.export.queryOptions({ filter, source, sort }),
      );
      setTruncated(all.truncated ? { limit: all.limit, total: all.total } : null);
      const csv = toCsv(
        [
          { key: "externalId", label: columnLabel("externalId") },
          { key: "persona", label: columnLabel("persona") },
          { key: "attributes", label: columnLabel("attributes") },
          { key: "firstSeen", label: columnLabel("firstSeen") },
          { key: "lastSeen", label: columnLabel("lastSeen") },
          { key: "events", label: columnLabel("events") },
          { key: "revenue", label: columnLabel("revenue"), csv: CSV_EUROS },
          { key: "rating", label: columnLabel("rating"), csv: CSV_RATING },
          { key: "ratings", label: t("columns.ratings") },
        ],
        all.rows.map((row) => ({
          externalId: row.externalId,
          persona: row.persona ?? "",
          attributes: JSON.stringify(row.attributes),
          firstSeen: row.firstSeen.toISOString(),
          lastSeen: row.lastSeen.toISOString(),
          events: row.events,
          revenue: row.revenue,
          rating: row.rating.mean,
          ratings: row.rating.n,
        })),
      );
      downloadCsv(`customers-${source.kind}.csv`, csv);
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  };

  const data = query.data;
  const total = data?.total ?? 0;
  const rows = data?.rows ?? [];

  return (
    <Card
      title={title}
      description={
        data
          ? `${t("total", { count: total, period: f.dayRange(period.firstDay, period.lastDay) })}. ${t("scope")}`
          : t("scope")
      }
      actions={
        total > 0 ? (
          <div className="flex flex-wrap gap-1">
            <SaveAsCohort filter={filter} source={source} total={total} />
            <Button variant="ghost" size="sm" onClick={() => void download()} disabled={exporting}>
              <Download aria-hidden="true" />
              {exporting ? t("downloading") : t("downloadCsv")}
            </Button>
          </div>
        ) : undefined
      }
      aria-busy={query.isPending || undefined}
      className={query.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"}
    >
      <div aria-live="polite">
        {truncated ? (
          <AlertText className="mb-3 text-sm text-warning">
            {t("truncated", {
              limit: f.integer(truncated.limit),
              total: f.integer(truncated.total),
            })}
          </AlertText>
        ) : null}
        <RequestError error={exportError} className="mb-3 text-sm text-negative" />
      </div>
      {query.isPending ? (
        <Skeleton style={{ height: 320 }} className="w-full" />
      ) : total === 0 ? (
        <EmptyState icon={<Users />} title={t("empty")} />
      ) : (
        <>
          <div className="overflow-auto rounded-md border border-border">
            <table className="w-full border-collapse text-sm" data-testid="customer-list">
              <caption className="sr-only">{title}</caption>
              <thead className="bg-muted">
                <tr>
                  {COLUMNS.map((column) => {
                    const sortable = isSortKey(column.key);
                    const active = sortable && sort.by === column.key;
                    return (
                      <th
                        key={column.key}
                        scope="col"
                        aria-sort={
                          active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined
                        }
                        className={`whitespace-nowrap px-3 py-2 font-medium text-muted-foreground text-xs ${column.numeric ? "text-right" : "text-left"}`}
                      >
                        {sortable ? (
                          <button
                            type="button"
                            className="inline-flex items-center gap-1 rounded hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                            aria-label={t("sortBy", { column: columnLabel(column.key) })}
                            onClick={() => {
                              const key = column.key as TCustomerSortKey;
                              setOffset(0);
                              setSort(
                                sort.by === key
                                  ? { by: key, dir: sort.dir === "asc" ? "desc" : "asc" }
                                  : { by: key, dir: key === "externalId" ? "asc" : "desc" },
                              );
                            }}
                          >
                            {columnLabel(column.key)}
                            {active ? (
                              sort.dir === "asc" ? (
                                <ArrowUp aria-hidden="true" className="size-3" />
                              ) : (
                                <ArrowDown aria-hidden="true" className="size-3" />
                              )
                            ) : (
                              <ArrowUpDown aria-hidden="true" className="size-3 opacity-50" />
                            )}
                          </button>
                        ) : (
                          columnLabel(column.key)
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.externalId} className="border-t border-border">
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      <Link
                        href={`/customers/${encodeURIComponent(row.externalId)}`}
                        className="text-primary underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                      >
                        {row.externalId}
                      </Link>
                    </th>
                    <td className="px-3 py-2">{personaName(row.persona)}</td>
                    <td
                      className="max-w-64 truncate px-3 py-2 text-muted-foreground"
                      title={attributesText(row.attributes)}
                    >
                      {attributesText(row.attributes)}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">{f.dayMedium(row.firstSeen)}</td>
                    <td className="whitespace-nowrap px-3 py-2">{f.dayMedium(row.lastSeen)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{f.integer(row.events)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {f.currencyCents(row.revenue)}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {row.rating.mean === null
                        ? "—"
                        : `${f.rating(row.rating.mean)} (${row.rating.n})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav
            aria-label={t("pagination")}
            className="mt-3 flex items-center justify-between gap-2"
          >
            <p className="text-sm text-muted-foreground" data-testid="customer-list-range">
              {t("page", {
                from: f.integer(offset + 1),
                to: f.integer(offset + rows.length),
                total: f.integer(total),
              })}
            </p>
            <div className="flex gap-2">
              <Button
                variant="outline"
                size="sm"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
              >
                <ChevronLeft aria-hidden="true" />
                {t("previous")}
              </Button>
              <Button
                variant="outline"
                size="sm"
                disabled={offset + PAGE_SIZE >= total}
                onClick={() => setOffset(offset + PAGE_SIZE)}
              >
                {t("next")}
                <ChevronRight aria-hidden="true" />
              </Button>
            </div>
          </nav>
        </>
      )}
    </Card>
  );
}
