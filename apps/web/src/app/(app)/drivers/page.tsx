import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { DriversResult } from "~/components/drivers/drivers-result";
import { FilterBar } from "~/components/filters/filter-bar";
import { inputs } from "~/queries/inputs";
import { requireUser } from "~/server/auth";
import { pageFilters, type TSearchParams } from "~/server/page-filters";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("drivers");
  return { title: t("title") };
}

export default async function DriversPage({ searchParams }: { searchParams: TSearchParams }) {
  const t = await getTranslations("drivers");
  await requireUser();
  const { filter } = await pageFilters(searchParams);
  await prefetch(trpc.drivers.touchpoints.queryOptions(inputs.drivers(filter)));

  return (
    <HydrateClient>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="flex flex-col gap-6">
        <FilterBar />
        <DriversResult />
      </div>
    </HydrateClient>
  );
}
