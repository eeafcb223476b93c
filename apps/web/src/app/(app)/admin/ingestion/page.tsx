import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { ApiKeys } from "~/components/admin/ingestion/api-keys";
import { IngestionSettings } from "~/components/admin/ingestion/settings";
import { FileUpload } from "~/components/admin/ingestion/upload";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminIngestion");
  return { title: t("title") };
}

export default async function IngestionPage() {
  const heads = await headers();
  const host = heads.get("x-forwarded-host") ?? heads.get("host") ?? "localhost:3000";
  const proto = heads.get("x-forwarded-proto") ?? "http";
  await Promise.all([
    prefetch(trpc.admin.apiKeys.list.queryOptions()),
    prefetch(trpc.admin.ingestion.settings.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <div className="grid gap-10">
        <ApiKeys origin={`${proto}://${host}`} />
        <IngestionSettings />
        <FileUpload />
      </div>
    </HydrateClient>
  );
}
