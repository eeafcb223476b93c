import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PersonasAdmin } from "~/components/admin/personas/personas-admin";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminPersonas");
  return { title: t("title") };
}

/** `?saved=<key>&reassigned=<n>`: the form saved that persona and moved n customers. */
export default async function PersonasAdminPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { saved, reassigned } = await searchParams;
  const count = Number(reassigned);
  await prefetch(trpc.admin.personas.list.queryOptions());
  return (
    <HydrateClient>
      <PersonasAdmin
        saved={
          typeof saved === "string" && Number.isInteger(count) && count >= 0
            ? { key: saved, reassigned: count }
            : null
        }
      />
    </HydrateClient>
  );
}
