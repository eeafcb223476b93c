import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AdminTabs } from "~/components/admin/admin-tabs";
import { PageHeader } from "~/components/common/page-header";
import { userWithRole } from "~/server/auth";

/** Admins only: anyone else gets the 403 page (the procedures refuse them on their own too). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  if (!(await userWithRole("admin"))) forbidden();
  const t = await getTranslations("admin");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <AdminTabs />
      <div className="pt-6">{children}</div>
    </>
  );
}
