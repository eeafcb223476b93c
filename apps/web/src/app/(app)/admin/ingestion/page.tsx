import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApiKeys } from "~/components/admin/ingestion/api-keys";
import { IngestionSettings } from "~/components/admin/ingestion/settings";
import { FileUpload } from "~/components/admin/ingestion/upload";
import { requestOrigin } from "~/server/request-origin";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminIngestion");
  return { title: t("title") };
}

export default async function IngestionPage() {
  const origin = await requestOrigin();
  await Promise.all([
    prefetch(trpc.admin.apiKeys.list.queryOptions()),
    prefetch(trpc.admin.ingestion.settings.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <div className="grid gap-10">
        <ApiKeys origin={origin} />
        <IngestionSettings />
        <FileUpload />
      </div>
    </HydrateClient>
  );
}
