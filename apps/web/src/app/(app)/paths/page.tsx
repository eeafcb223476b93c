import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { FilterBar } from "~/components/filters/filter-bar";
import { PathsCompare } from "~/components/paths/paths-compare";
import { PathsControls } from "~/components/paths/paths-controls";
import { PathsResult } from "~/components/paths/paths-result";
import { loadPathsParams, resolvePaths } from "~/filters/paths-params";
import { inputs } from "~/queries/inputs";
import { requireUser } from "~/server/auth";
import { pageFilters, type TSearchParams } from "~/server/page-filters";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("paths");
  return { title: t("title") };
}

export default async function PathsPage({ searchParams }: { searchParams: TSearchParams }) {
  const t = await getTranslations("paths");
  await requireUser();
  const { params, catalogue, filter } = await pageFilters(searchParams);
  const paths = resolvePaths(loadPathsParams(params), catalogue);
  if (paths.start) {
    await prefetch(
      trpc.paths.observed.queryOptions(
        inputs.paths(filter, paths.start, paths.level, paths.steps, paths.windowDays),
      ),
    );
  }

  return (
    <HydrateClient>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="flex flex-col gap-6">
        <FilterBar />
        <PathsControls />
        <PathsResult />
        <PathsCompare />
      </div>
    </HydrateClient>
  );
}
