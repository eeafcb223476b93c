"use client";

import { Card } from "@parcours/ui/card";
import { Skeleton } from "@parcours/ui/skeleton";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import { HowComputed } from "~/components/common/how-computed";
import { SectionError } from "~/components/common/section-error";
import { usePainPointText } from "~/components/journeys/pain-point-text";
import { PainPointTrend } from "~/components/journeys/pain-point-trend";
import { useResolvedFilters } from "~/filters/use-filters";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";

/**
 * This persona's own frictions: the journey map's pain points for its customers alone, ranked
 * by customers lost. Top touchpoints rank by volume, so a touchpoint few of them use but rate
 * badly (the app checkout for mobile-first customers) shows here, not there.
 */
export function PersonaFrictions({ personaKey }: { personaKey: string }) {
  const t = useTranslations("persona");
  const tMetrics = useTranslations("metrics");
  const tMap = useTranslations("journeys.map");
  const f = useFormatters();
  const trpc = useTRPC();
  const { filter } = useResolvedFilters({ persona: personaKey });
  const query = useQuery({
    ...trpc.dashboard.journeyMap.queryOptions({ filter }),
    placeholderData: keepPreviousData,
  });
  const describe = usePainPointText(query.data ?? { rows: [], stages: [] });

  if (query.isError && !query.data) {
    return (
      <SectionError
        title={t("frictions")}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }
  return (
    <Card title={t("frictions")} description={t("frictionsDescription")}>
      {!query.data ? (
        <div className="grid gap-2" aria-busy="true">
          <Skeleton className="h-5 w-3/4" />
          <Skeleton className="h-5 w-2/3" />
        </div>
      ) : query.data.painPoints.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("noFrictions")}</p>
      ) : (
        <>
          <p className="mb-2 text-xs text-muted-foreground" data-testid="frictions-order">
            {tMap("sortedBy")}{" "}
            {query.data.averageOrderValue === null
              ? tMap("noAverageOrderValue")
              : tMap("averageOrderValue", { amount: f.currency(query.data.averageOrderValue) })}
          </p>
          <ol
            className={
              query.isPlaceholderData ? "grid gap-2 opacity-70 transition-opacity" : "grid gap-2"
            }
            data-testid="persona-frictions"
          >
            {query.data.painPoints.map((p) => (
              <li
                key={`${p.kind}:${p.touchpoint}:${p.stage}`}
                className="flex items-start gap-2 text-sm"
              >
                <AlertTriangle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-warning" />
                <span>
                  {describe(p)}
                  <PainPointTrend point={p} />
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      {query.data ? (
        <HowComputed testId="frictions-definition">
          {tMetrics("journey", { days: Math.round(query.data.windowSeconds / 86_400) })}
        </HowComputed>
      ) : null}
    </Card>
  );
}
