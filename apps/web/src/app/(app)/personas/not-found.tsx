import { buttonClassName } from "@parcours/ui/button";
import { EmptyState } from "@parcours/ui/empty-state";
import { UserRoundX } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function PersonaNotFound() {
  const t = await getTranslations("persona");
  const tErrors = await getTranslations("errors");
  return (
    <div className="py-16">
      <EmptyState
        icon={<UserRoundX />}
        title={t("notFoundTitle")}
        description={t("notFoundHint")}
        action={
          <Link href="/" className={buttonClassName({ variant: "outline" })}>
            {tErrors("backHome")}
          </Link>
        }
      />
    </div>
  );
}
