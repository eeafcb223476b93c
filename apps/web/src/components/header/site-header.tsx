import type { Role } from "@parcours/auth";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { LocaleSwitch } from "./locale-switch";
import { MainNav } from "./main-nav";
import { ThemeSwitch } from "./theme-switch";
import { UserMenu } from "./user-menu";

interface HeaderUser {
  email: string;
  name: string;
  role: Role;
}

export function SiteHeader({ user }: { user: HeaderUser }) {
  const t = useTranslations("app");
  return (
    <header className="sticky top-0 z-40 border-b border-border bg-background/90 backdrop-blur supports-[backdrop-filter]:bg-background/75">
      <div className="mx-auto flex h-14 w-full max-w-[1440px] items-center gap-3 px-4 md:gap-6 md:px-6">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight"
        >
          <span
            aria-hidden="true"
            className="grid size-7 place-items-center rounded-md bg-primary text-sm text-primary-foreground"
          >
            P
          </span>
          <span className="text-base">{t("name")}</span>
        </Link>
        <MainNav isAdmin={user.role === "admin"} />
        <div className="ml-auto flex items-center gap-2">
          <LocaleSwitch />
          <ThemeSwitch />
          <UserMenu user={user} />
        </div>
      </div>
    </header>
  );
}
