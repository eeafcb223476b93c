import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { UsersAdmin } from "~/components/admin/users/users-admin";
import { requireUser } from "~/server/auth";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.users");
  return { title: t("title") };
}

export default async function UsersPage() {
  const user = await requireUser();
  await prefetch(trpc.admin.users.list.queryOptions());
  return (
    <HydrateClient>
      <UsersAdmin currentUserId={user.id} />
    </HydrateClient>
  );
}
