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
      className={cn(className, "gap-1.5")}
      data-testid="nav-reviews"
    >
      {t("link")}
      {count > 0 ? (
        <>
          <span
            aria-hidden="true"
            data-testid="nav-reviews-unread"
            className="inline-grid min-w-5 place-items-center rounded-full bg-primary px-1.5 text-[0.7rem] leading-5 font-semibold text-primary-foreground tabular-nums"
          >
            {count > 99 ? "99+" : count}
          </span>
          <span className="sr-only">, {t("unread", { count })}</span>
        </>
      ) : null}
    </Link>
  );
}
