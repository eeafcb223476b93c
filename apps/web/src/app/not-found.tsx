import { buttonClassName } from "@parcours/ui/button";
import { EmptyState } from "@parcours/ui/empty-state";
import { MapPinOff } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <div className="py-16">
      <EmptyState
        icon={<MapPinOff />}
        title={t("notFoundTitle")}
        description={t("notFoundHint")}
        action={
          <Link href="/" className={buttonClassName({ variant: "outline" })}>
            {t("backHome")}
          </Link>
        }
      />
    </div>
  );
}
