import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CohortForm } from "~/components/cohorts/cohort-form";
import { CohortsTable } from "~/components/cohorts/cohorts-table";
import { PageHeader } from "~/components/common/page-header";
import { FilterBar } from "~/components/filters/filter-bar";
import { requireUser } from "~/server/auth";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("cohorts.page");
  return { title: t("title") };
}

/**
 * Cohorts (issue 19 item 3): every saved cohort, to filter the overview by, rename or delete;
 * managers and admins build new ones from a rule, counted live over the period chosen here.
 */
export default async function CohortsPage() {
  const t = await getTranslations("cohorts.page");
  const user = await requireUser();
  await prefetch(trpc.cohorts.list.queryOptions());
  const canCreate = user.role !== "viewer";

  return (
    <HydrateClient>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="flex flex-col gap-6">
        {canCreate ? null : <p className="text-muted-foreground text-sm">{t("readOnly")}</p>}
        <CohortsTable user={{ id: user.id, role: user.role }} />
        {canCreate ? (
          <>
            <FilterBar periodOnly />
            <CohortForm />
          </>
        ) : null}
      </div>
    </HydrateClient>
  );
}
