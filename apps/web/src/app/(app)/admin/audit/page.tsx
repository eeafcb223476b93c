import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditLog } from "~/components/admin/audit/audit-log";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.audit");
  return { title: t("title") };
}

export default function AuditPage() {
  return <AuditLog />;
}
