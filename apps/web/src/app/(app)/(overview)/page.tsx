import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { FilterBar } from "~/components/filters/filter-bar";
import { SaveViewButton } from "~/components/journeys/save-view-button";
import { EmotionSection } from "~/components/overview/emotion-section";
import { KpiBreakdown } from "~/components/overview/kpi-breakdown";
import { KpiGrid } from "~/components/overview/kpi-grid";
import { PersonaBreakdown } from "~/components/overview/persona-breakdown";
import { StageFunnel } from "~/components/overview/stage-funnel";
import { TouchpointHeatmap } from "~/components/overview/touchpoint-heatmap";
import { inputs } from "~/queries/inputs";
import { requireUser } from "~/server/auth";
import { pageFilters, type TSearchParams } from "~/server/page-filters";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  // The layout's title template applies to nested segments only, not to its own page.
  return { title: { absolute: `${t("overview.title")} · ${t("app.name")}` } };
}

export default async function OverviewPage({ searchParams }: { searchParams: TSearchParams }) {
  const t = await getTranslations("overview");
  const user = await requireUser();
  const { filter, catalogue } = await pageFilters(searchParams);
  await Promise.all([
    prefetch(trpc.dashboard.kpis.queryOptions(inputs.kpis(filter))),
    prefetch(trpc.dashboard.funnel.queryOptions(inputs.stageFunnel(filter, catalogue))),
    prefetch(trpc.dashboard.personas.queryOptions(inputs.personas(filter))),
    prefetch(trpc.dashboard.heatmap.queryOptions(inputs.heatmap(filter))),
    prefetch(trpc.dashboard.emotion.queryOptions(inputs.emotion(filter))),
  ]);

  return (
    <HydrateClient>
      <PageHeader
        title={t("title")}
        description={t("description")}
        aside={user.role === "viewer" ? undefined : <SaveViewButton />}
      />
      <div className="flex flex-col gap-6">
        <FilterBar startKpis />
        <KpiGrid />
        {user.role === "viewer" ? null : <KpiBreakdown />}
        <StageFunnel />
        <PersonaBreakdown />
        <TouchpointHeatmap />
        <EmotionSection />
      </div>
    </HydrateClient>
  );
}
