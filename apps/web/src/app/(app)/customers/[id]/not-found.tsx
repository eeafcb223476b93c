import { EmptyState } from "@parcours/ui/empty-state";
import { UserX } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { CustomerSearch } from "~/components/customers/customer-search";

/** An unknown customer id: a real 404, with the search box to find the right one. */
export default async function CustomerNotFound() {
  const t = await getTranslations("customers.timeline");
  return (
    <div className="flex flex-col items-center gap-6 py-16">
      <EmptyState icon={<UserX />} title={t("notFound")} description={t("notFoundHint")} />
      <CustomerSearch />
    </div>
  );
}
