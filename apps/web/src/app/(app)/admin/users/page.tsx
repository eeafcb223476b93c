import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { UsersAdmin } from "~/components/admin/users/users-admin";
import { EraseCustomer } from "~/components/customers/erase-customer";
import { PrivacySettings } from "~/components/customers/privacy-settings";
import { requireUser } from "~/server/auth";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.users");
  return { title: t("title") };
}

export default async function UsersPage() {
  const user = await requireUser();
  await Promise.all([
    prefetch(trpc.admin.users.list.queryOptions()),
    prefetch(trpc.customers.privacy.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <div className="flex flex-col gap-8">
        <UsersAdmin currentUserId={user.id} />
        <PrivacySettings />
        <EraseCustomer />
      </div>
    </HydrateClient>
  );
}
