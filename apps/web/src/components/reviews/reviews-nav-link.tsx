"use client";

import { cn } from "@parcours/ui/cn";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTRPC } from "~/trpc/react";

/** The nav looks again this often (and whenever the window regains focus): a light poll. */
const POLL_MS = 60_000;

/**
 * "Reviews" in the main nav, with the number of unread reviews as a badge; the count is part of
 * the link's name for screen readers ("Reviews, 2 unread reviews").
 */
export function ReviewsNavLink({ className, current }: { className: string; current: boolean }) {
  const t = useTranslations("reviews.nav");
  const trpc = useTRPC();
  const unread = useQuery({
    ...trpc.reviews.unreadCount.queryOptions(),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
  const count = unread.data?.count ?? 0;
  return (
    <Link
      href="/reviews"
      aria-current={current ? "page" : undefined}
      // The badge sits on the link's corner: a wider link would push the nav onto two rows at 1440 px.
      className={cn(className, "relative")}
      data-testid="nav-reviews"
    >
      {t("link")}
      {count > 0 ? (
        <>
          <span
            aria-hidden="true"
            data-testid="nav-reviews-unread"
            className="absolute -top-0.5 -right-1.5 grid h-4 min-w-4 place-items-center rounded-full bg-primary px-1 text-[0.65rem] leading-none font-semibold text-primary-foreground tabular-nums"
          >
            {count > 99 ? "99+" : count}
          </span>
          <span className="sr-only">, {t("unread", { count })}</span>
        </>
      ) : null}
    </Link>
  );
}
