import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SpendAdmin } from "~/components/admin/spend/spend-admin";
import { getQueryClient, HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminSpend");
  return { title: t("title") };
}

export default async function SpendPage() {
  const t = await getTranslations("adminSpend");
  await prefetch(trpc.admin.spend.list.queryOptions());
  const catalogue = await getQueryClient().fetchQuery(trpc.catalogue.get.queryOptions());
  return (
    <HydrateClient>
      <div className="grid min-w-0 gap-6">
        <p className="max-w-3xl text-sm text-muted-foreground">{t("description")}</p>
        <SpendAdmin channelKeys={catalogue.channels.map((c) => c.key)} />
      </div>
    </HydrateClient>
  );
}
