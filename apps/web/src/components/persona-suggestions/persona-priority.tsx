"use client";

import { Card } from "@parcours/ui/card";
import { Skeleton } from "@parcours/ui/skeleton";
import { UNASSIGNED } from "@parcours/validators";
import { useQueries, useQuery } from "@tanstack/react-query";
import { ArrowDown } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { SectionError } from "~/components/common/section-error";
import { useFilterHref, useResolvedFilters } from "~/filters/use-filters";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";

const SORTS = ["customers", "revenue", "friction"] as const;
type TSort = (typeof SORTS)[number];

interface PriorityRow {
  key: string;
  name: string;
  colour: string | null;
  customers: number;
  share: number | null;
  revenue: number;
  /** Customers lost at the persona's own pain points (null while its journey map loads). */
  friction: number | null;
  painPoints: number | null;
}

/**
 * Which persona first (issue 18 item 4): every active persona by its size, its revenue and the
 * friction it meets, the customers lost at the pain points of its own journey map
 * (docs/metrics.md), sortable by each.
 */
export function PersonaPriority() {
  const t = useTranslations("personaSuggestions.priority");
  const f = useFormatters();
  const trpc = useTRPC();
  const href = useFilterHref();
  const { filter } = useResolvedFilters();
  const [sort, setSort] = useState<TSort>("customers");
  const breakdown = useQuery(trpc.dashboard.personas.queryOptions({ filter }));
  const personas = (breakdown.data?.personas ?? []).filter((p) => p.persona !== UNASSIGNED);
  const maps = useQueries({
    queries: personas.map((p) =>
      trpc.dashboard.journeyMap.queryOptions({ filter: { ...filter, personas: [p.persona] } }),
    ),
  });

  if (breakdown.isError) {
    return (
      <SectionError
        title={t("title")}
        error={breakdown.error}
        onRetry={() => breakdown.refetch()}
      />
    );
  }
  const total = (breakdown.data?.personas ?? []).reduce((n, p) => n + p.activeCustomers, 0);
  const rows: PriorityRow[] = personas.map((p, i) => {
    const map = maps[i]?.data;
    return {
      key: p.persona,
      name: p.name ?? p.persona,
      colour: p.colour,
      customers: p.activeCustomers,
      share: total > 0 ? p.activeCustomers / total : null,
      revenue: p.revenue,
      friction: map ? map.painPoints.reduce((n, pp) => n + (pp.customersLost ?? 0), 0) : null,
      painPoints: map ? map.painPoints.length : null,
    };
  });
  const sorted = [...rows].sort(
    (a, b) => (b[sort] ?? -1) - (a[sort] ?? -1) || (a.name < b.name ? -1 : 1),
  );
  const header = (key: TSort) => (
    <th
      scope="col"
      className="pl-4 text-right font-normal"
      aria-sort={sort === key ? "descending" : "none"}
    >
      <button
        type="button"
        className="inline-flex items-center gap-1 underline-offset-4 hover:underline"
        onClick={() => setSort(key)}
        data-testid={`priority-sort-${key}`}
      >
        {t(`columns.${key}`)}
        {sort === key ? <ArrowDown aria-hidden="true" className="size-3" /> : null}
      </button>
    </th>
  );

  return (
    <Card title={t("title")} description={t("description")}>
      {!breakdown.data ? (
        <Skeleton className="h-40 w-full" />
      ) : rows.length === 0 ? (
        <p className="text-muted-foreground text-sm">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[40rem] text-sm" data-testid="persona-priority">
            <caption className="sr-only">{t("caption", { sort: t(`columns.${sort}`) })}</caption>
            <thead className="text-muted-foreground">
              <tr>
                <th scope="col" className="pr-3 text-left font-normal">
                  {t("columns.rank")}
                </th>
                <th scope="col" className="text-left font-normal">
                  {t("columns.persona")}
                </th>
                {header("customers")}
                <th scope="col" className="pl-4 text-right font-normal">
                  {t("columns.share")}
                </th>
                {header("revenue")}
                {header("friction")}
                <th scope="col" className="pl-4 text-right font-normal">
                  {t("columns.painPoints")}
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((row, i) => (
                <tr key={row.key} className="border-t" data-testid={`priority-row-${row.key}`}>
                  <td className="py-1 pr-3 text-muted-foreground tabular-nums">{i + 1}</td>
                  <th scope="row" className="text-left font-medium">
                    <span className="inline-flex items-center gap-2">
                      <span
                        aria-hidden="true"
                        className="size-2.5 shrink-0 rounded-full"
                        style={{ backgroundColor: row.colour ?? "currentColor" }}
                      />
                      <Link
                        href={href(`/personas/${row.key}`)}
                        className="underline-offset-4 hover:underline"
                      >
                        {row.name}
                      </Link>
                    </span>
                  </th>
                  <td className="whitespace-nowrap pl-4 text-right tabular-nums">
                    {f.integer(row.customers)}
                  </td>
                  <td className="whitespace-nowrap pl-4 text-right tabular-nums">
                    {row.share === null ? "—" : f.percent(row.share)}
                  </td>
                  <td className="whitespace-nowrap pl-4 text-right tabular-nums">
                    {f.currency(row.revenue)}
                  </td>
                  <td className="whitespace-nowrap pl-4 text-right tabular-nums">
                    {row.friction === null ? "…" : f.integer(Math.round(row.friction))}
                  </td>
                  <td className="whitespace-nowrap pl-4 text-right tabular-nums">
                    {row.painPoints === null ? "…" : f.integer(row.painPoints)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
