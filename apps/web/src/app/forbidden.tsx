import { buttonClassName } from "@parcours/ui/button";
import { ShieldOff } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** The 403 page: a signed-in user without the role a page needs. */
export default async function Forbidden() {
  const t = await getTranslations();
  return (
    <div className="flex flex-col items-center gap-3 py-24 text-center">
      <ShieldOff aria-hidden="true" className="size-10 text-muted-foreground" />
      <h1 className="text-xl font-semibold">{t("auth.noAccessTitle")}</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        {t("auth.noAccessHint", { role: t("auth.roles.admin") })}
      </p>
      <Link href="/" className={buttonClassName({ variant: "outline" })}>
        {t("errors.backHome")}
      </Link>
    </div>
  );
}
