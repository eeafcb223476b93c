import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PersonasAdmin } from "~/components/admin/personas/personas-admin";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminPersonas");
  return { title: t("title") };
}

export default async function PersonasAdminPage() {
  await Promise.all([
    prefetch(trpc.admin.personas.list.queryOptions()),
    prefetch(trpc.admin.personas.attributes.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <PersonasAdmin />
    </HydrateClient>
  );
}
