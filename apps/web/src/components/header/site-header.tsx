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
      {/* Below xl (tablets, small laptops) the navigation takes a second row: in French, with the admin link,
          one row needs about 1,300 px. Its links wrap rather than widen the page (at 768 px in French
          they need two lines), and from xl on they wrap inside the header's row when it is too short. */}
      <div className="mx-auto flex w-full max-w-[1440px] flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 md:px-6 xl:min-h-14 xl:flex-nowrap xl:gap-6 xl:py-0">
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
        <div className="order-last w-full xl:order-none xl:w-auto">
          <MainNav isAdmin={user.role === "admin"} />
        </div>
        <div className="ml-auto flex items-center gap-2">
          <LocaleSwitch />
          <ThemeSwitch />
          <UserMenu user={user} />
        </div>
      </div>
    </header>
  );
}
