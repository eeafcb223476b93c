import { EmptyState } from "@parcours/ui/empty-state";
import { ShieldOff } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { CustomerList, PAGE_SIZE } from "~/components/customers/customer-list";
import { CustomerSearch } from "~/components/customers/customer-search";
import { DRILL_PARAM, parseDrill } from "~/components/customers/drill-source";
import { FilterBar } from "~/components/filters/filter-bar";
import { requireUser } from "~/server/auth";
import { pageFilters, type TSearchParams } from "~/server/page-filters";
import { getQueryClient, HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("customers");
  return { title: t("title") };
}

/** The customers behind a figure (`?drill=`, with the page's filters), and the search box. */
export default async function CustomersPage({ searchParams }: { searchParams: TSearchParams }) {
  const t = await getTranslations("customers");
  await requireUser();
  const access = await getQueryClient().fetchQuery(trpc.customers.access.queryOptions());
  if (!access.canSeeCustomers) {
    return (
      <>
        <PageHeader title={t("title")} />
        <EmptyState icon={<ShieldOff />} title={t("drill.forbidden")} />
      </>
    );
  }
  const { params, filter } = await pageFilters(searchParams);
  const raw = params[DRILL_PARAM];
  const source = parseDrill(raw);
  if (source) {
    await prefetch(
      trpc.customers.list.queryOptions({
        filter,
        source,
        sort: { by: "lastSeen", dir: "desc" },
        offset: 0,
        limit: PAGE_SIZE,
      }),
    );
  }
  return (
    <HydrateClient>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="flex flex-col gap-6">
        <CustomerSearch />
        {source ? (
          <>
            <FilterBar />
            <CustomerList source={source} />
          </>
        ) : raw ? (
          <p role="alert" className="text-sm text-negative">
            {t("drill.invalid")}
          </p>
        ) : null}
      </div>
    </HydrateClient>
  );
}
