import { retentionCohortProblem } from "@parcours/validators";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { FilterBar } from "~/components/filters/filter-bar";
import { RetentionResult } from "~/components/retention/retention-result";
import { loadRetentionParams } from "~/filters/retention-params";
import { inputs } from "~/queries/inputs";
import { requireUser } from "~/server/auth";
import { pageFilters, type TSearchParams } from "~/server/page-filters";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("retention");
  return { title: t("title") };
}

export default async function RetentionPage({ searchParams }: { searchParams: TSearchParams }) {
  const t = await getTranslations("retention");
  await requireUser();
  const { params, filter } = await pageFilters(searchParams);
  const { by: cohort, mode } = loadRetentionParams(params);
  if (!retentionCohortProblem(filter.from, filter.to, cohort)) {
    await prefetch(trpc.retention.cohorts.queryOptions(inputs.retention(filter, cohort, mode)));
  }

  return (
    <HydrateClient>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="flex flex-col gap-6">
        <FilterBar />
        <RetentionResult />
      </div>
    </HydrateClient>
  );
}
