import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CatalogueAdmin } from "~/components/admin/catalogue/catalogue-admin";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminCatalogue");
  return { title: t("title") };
}

export default async function CatalogueAdminPage() {
  const t = await getTranslations("adminCatalogue");
  await prefetch(trpc.admin.catalogue.get.queryOptions());
  return (
    <HydrateClient>
      <p className="mb-4 max-w-3xl text-sm text-muted-foreground">{t("description")}</p>
      <CatalogueAdmin />
    </HydrateClient>
  );
}
