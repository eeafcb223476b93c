"use client";

import { cn } from "@parcours/ui/cn";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { IntentLink } from "~/components/common/intent-link";
import { ReviewsNavLink } from "~/components/reviews/reviews-nav-link";
import { useFilterHref } from "~/filters/use-filters";
import { PersonaMenu } from "./persona-menu";

export const navLinkClass =
  "inline-flex h-9 items-center whitespace-nowrap rounded-md px-3 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground aria-[current=page]:bg-accent aria-[current=page]:text-foreground";

export function MainNav({ isAdmin }: { isAdmin: boolean }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const href = useFilterHref();
  const links = [
    { path: "/", label: t("overview") },
    { path: "/funnels", label: t("funnels") },
    { path: "/paths", label: t("paths") },
    { path: "/drivers", label: t("drivers") },
    { path: "/retention", label: t("retention") },
    { path: "/journeys", label: t("journeys") },
    { path: "/cohorts", label: t("cohorts") },
  ];
  return (
    <nav aria-label={t("main")} className="-mx-3 flex flex-wrap items-center gap-1 xl:mx-0">
      {links.map((link) => (
        <IntentLink
          key={link.path}
          href={href(link.path)}
          aria-current={pathname === link.path ? "page" : undefined}
          className={cn(navLinkClass)}
        >
          {link.label}
        </IntentLink>
      ))}
      <PersonaMenu active={pathname.startsWith("/personas/")} />
      <ReviewsNavLink className={navLinkClass} current={pathname === "/reviews"} />
      {isAdmin ? (
        <Link
          href="/admin/users"
          aria-current={pathname.startsWith("/admin") ? "page" : undefined}
          className={navLinkClass}
        >
          {t("admin")}
        </Link>
      ) : null}
    </nav>
  );
}
