"use client";

import { cn } from "@parcours/ui/cn";
import { KpiCard } from "@parcours/ui/kpi-card";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Euro, Percent, Smile, UsersRound, Zap } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { HowComputed } from "~/components/common/how-computed";
import { SectionError } from "~/components/common/section-error";
import { useDrillHref } from "~/components/customers/use-drill-href";
import { useResolvedFilters } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { stageName } from "~/lib/step-label";
import { useFormatters } from "~/lib/use-formatters";
import { inputs } from "~/queries/inputs";
import { useTRPC } from "~/trpc/react";

const DRILL_LINK =
  "rounded text-primary underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

export function KpiGrid() {
  const t = useTranslations("kpis");
  const tDrill = useTranslations("customers.drill");
  const drill = useDrillHref();
  const tMetrics = useTranslations("metrics");
  const catalogue = useCatalogue().data;
  const f = useFormatters();
  const trpc = useTRPC();
  const { filter } = useResolvedFilters();
  const query = useQuery({
    ...trpc.dashboard.kpis.queryOptions(inputs.kpis(filter)),
    placeholderData: keepPreviousData,
  });

  if (query.isError && !query.data) {
    return (
      <SectionError title={t("title")} error={query.error} onRetry={() => void query.refetch()} />
    );
  }

  const current = query.data?.current;
  const previous = query.data?.previous;
  const loading = query.isPending;
  const common = { changeLabel: t("vsPrevious"), previousLabel: t("previous"), loading };
  const sat = current?.satisfaction;
  const prevSat = previous?.satisfaction;

  return (
    <section aria-labelledby="kpis-title" aria-busy={query.isFetching || undefined}>
      <h2 id="kpis-title" className="sr-only">
        {t("title")}
      </h2>
      <div
        className={cn(
          "grid grid-cols-2 gap-4 transition-opacity md:grid-cols-3 xl:grid-cols-5",
          query.isPlaceholderData && "opacity-60",
        )}
      >
        <KpiCard
          {...common}
          icon={<UsersRound aria-hidden="true" />}
          label={t("activeCustomers")}
          value={current?.activeCustomers ?? null}
          previous={previous?.activeCustomers ?? null}
          format={f.integer}
          formatChange={f.percentChange}
          unavailableLabel={t("noData")}
          sampleNote={
            drill && current && current.activeCustomers > 0 ? (
              <Link
                href={drill({ kind: "kpi", kpi: "customers" })}
                className={DRILL_LINK}
                data-testid="kpi-customers-link"
              >
                {tDrill("kpiCustomers", { count: current.activeCustomers })}
              </Link>
            ) : undefined
          }
        />
        <KpiCard
          {...common}
          icon={<Zap aria-hidden="true" />}
          label={t("events")}
          value={current?.events ?? null}
          previous={previous?.events ?? null}
          format={f.integer}
          formatChange={f.percentChange}
          unavailableLabel={t("noData")}
        />
        <KpiCard
          {...common}
          icon={<Percent aria-hidden="true" />}
          label={t("conversionRate")}
          value={current?.conversionRate ?? null}
          previous={previous?.conversionRate ?? null}
          format={f.percent}
          formatChange={f.pointsChange}
          changeMode="absolute"
          unavailableLabel={t("noData")}
          sampleNote={
            current ? (
              <>
                {current.activeCustomers === 0 ? null : drill ? (
                  // The converters behind the rate: the sentence opens their list.
                  <Link
                    href={drill({ kind: "kpi", kpi: "converters" })}
                    className={DRILL_LINK}
                    data-testid="kpi-converters-link"
                  >
                    {t("converted", {
                      count: current.convertedCustomers,
                      total: current.activeCustomers,
                    })}
                  </Link>
                ) : (
                  t("converted", {
                    count: current.convertedCustomers,
                    total: current.activeCustomers,
                  })
                )}
                <HowComputed testId="kpi-conversion-definition">
                  {tMetrics("kpiConversion", {
                    stage: stageName(query.data?.conversionStage ?? "", catalogue),
                  })}
                </HowComputed>
              </>
            ) : undefined
          }
        />
        <KpiCard
          {...common}
          icon={<Euro aria-hidden="true" />}
          label={t("revenue")}
          value={current ? current.revenue : null}
          previous={previous ? previous.revenue : null}
          format={f.currency}
          formatChange={f.percentChange}
          unavailableLabel={t("noData")}
        />
        <KpiCard
          {...common}
          icon={<Smile aria-hidden="true" />}
          label={t("satisfaction")}
          value={sat?.sufficient ? sat.mean : null}
          previous={prevSat?.sufficient ? prevSat.mean : null}
          format={f.rating}
          formatChange={f.ratingChange}
          changeMode="absolute"
          unavailableLabel={sat && sat.n > 0 ? t("tooFewRatings") : t("noRatings")}
          sampleNote={sat && sat.n > 0 ? t("ratings", { n: sat.n }) : undefined}
        />
      </div>
    </section>
  );
}
