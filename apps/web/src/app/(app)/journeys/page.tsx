import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "~/components/common/page-header";
import { ViewsList } from "~/components/journeys/views-list";
import { requireUser } from "~/server/auth";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("journeys");
  return { title: t("title") };
}

export default async function JourneysPage() {
  const user = await requireUser();
  const t = await getTranslations("journeys");
  await prefetch(trpc.views.list.queryOptions({}));
  return (
    <HydrateClient>
      <PageHeader title={t("title")} description={t("description")} />
      <ViewsList
        userId={user.id}
        canEdit={user.role !== "viewer"}
        isAdmin={user.role === "admin"}
      />
    </HydrateClient>
  );
}
