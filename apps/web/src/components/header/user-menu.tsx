import type { Role } from "@parcours/auth";
import { Badge } from "@parcours/ui/badge";
import { buttonClassName } from "@parcours/ui/button";
import { LogOut } from "lucide-react";
import { useTranslations } from "next-intl";
import { signOutAction } from "~/server/sign-in-action";

export function UserMenu({ user }: { user: { email: string; name: string; role: Role } }) {
  const t = useTranslations("auth");
  const name = user.name || user.email;
  return (
    <div className="flex items-center gap-2">
      <div className="hidden min-w-0 flex-col items-end leading-tight xl:flex">
        <span className="max-w-48 truncate text-sm font-medium" title={user.email}>
          {name}
        </span>
        <Badge variant="outline" className="text-[11px]">
          {t(`roles.${user.role}`)}
        </Badge>
      </div>
      <form action={signOutAction}>
        <button
          type="submit"
          className={buttonClassName({ variant: "ghost", size: "sm" })}
          aria-label={`${t("signOut")} (${name})`}
        >
          <LogOut aria-hidden="true" />
          <span className="hidden md:inline">{t("signOut")}</span>
        </button>
      </form>
    </div>
  );
}
