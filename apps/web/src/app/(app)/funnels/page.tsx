import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { FilterBar } from "~/components/filters/filter-bar";
import { ConversionOverTime } from "~/components/funnels/conversion-over-time";
import { FunnelBuilder } from "~/components/funnels/funnel-builder";
import { FunnelCompare } from "~/components/funnels/funnel-compare";
import { FunnelResult } from "~/components/funnels/funnel-result";
import { SaveFunnelView } from "~/components/funnels/save-funnel-view";
import { TimeToStep } from "~/components/funnels/time-to-step";
import { isMeasurable, resolveFunnel } from "~/filters/funnel-steps";
import { loadFunnelParams } from "~/filters/search-params";
import { inputs } from "~/queries/inputs";
import { requireUser } from "~/server/auth";
import { pageFilters, type TSearchParams } from "~/server/page-filters";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("funnels");
  return { title: t("title") };
}

export default async function FunnelsPage({ searchParams }: { searchParams: TSearchParams }) {
  const t = await getTranslations("funnels");
  const user = await requireUser();
  const { params, catalogue, filter } = await pageFilters(searchParams);
  const funnel = resolveFunnel(loadFunnelParams(params), catalogue);
  const { steps, windowDays } = funnel;
  await Promise.all(
    isMeasurable(funnel)
      ? [
          prefetch(
            trpc.funnels.build.queryOptions(
              inputs.funnelBuild(filter, steps, windowDays, funnel.breakdown),
            ),
          ),
          prefetch(
            trpc.funnels.times.queryOptions(inputs.funnelBuild(filter, steps, windowDays, false)),
          ),
          prefetch(
            trpc.funnels.overTime.queryOptions(
              inputs.funnelOverTime(filter, steps, windowDays, funnel.bucket),
            ),
          ),
        ]
      : [],
  );

  return (
    <HydrateClient>
      <PageHeader
        title={t("title")}
        description={t("description")}
        aside={user.role === "viewer" ? undefined : <SaveFunnelView />}
      />
      <div className="flex flex-col gap-6">
        <FilterBar />
        <div className="grid items-start gap-6 lg:grid-cols-[340px_minmax(0,1fr)]">
          <FunnelBuilder />
          <FunnelResult />
        </div>
        <FunnelCompare />
        <TimeToStep />
        <ConversionOverTime />
      </div>
    </HydrateClient>
  );
}
