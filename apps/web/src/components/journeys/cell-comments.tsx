"use client";

import type { CellComment, SharedCellComment } from "@parcours/db/metrics";
import { Dialog } from "@parcours/ui/dialog";
import { Skeleton } from "@parcours/ui/skeleton";
import { useQuery } from "@tanstack/react-query";
import { MessageSquareText } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";

/** How many comments the dialog lists, lowest-rated first. */
const LISTED = 20;

export interface CommentCell {
  stage: string;
  touchpoint: string;
}

/**
 * Where a map's comments come from: a saved view (signed-in managers and admins, with links to
 * the customers' timelines), or a share link whose sharer included them (anonymous: no ids).
 */
export type CommentSource = { viewId: number } | { token: string };

/**
 * Comment counts per cell of a view's journey map (managers and admins only: comments are
 * personal data). `null` while they load or when the reader may not see them.
 */
export function useCommentCounts(source: CommentSource, enabled: boolean) {
  const trpc = useTRPC();
  const byView = useQuery({
    ...trpc.views.commentCounts.queryOptions({ id: "viewId" in source ? source.viewId : 0 }),
    enabled: enabled && "viewId" in source,
  });
  const byLink = useQuery({
    ...trpc.shared.commentCounts.queryOptions({ token: "token" in source ? source.token : "" }),
    enabled: enabled && "token" in source,
  });
  const data = "viewId" in source ? byView.data : byLink.data;
  if (!enabled || !data) return null;
  return new Map(data.map((c) => [`${c.touchpoint}:${c.stage}`, c.comments]));
}

/**
 * "3 comments" under a journey-map cell or a pain point: opens the cell's comments, the
 * lowest-rated first, with the words that set them apart from the rest of the stage.
 */
export function CellCommentsButton({
  source,
  cell,
  count,
  cellName,
}: {
  source: CommentSource;
  cell: CommentCell;
  count: number;
  /** "App checkout at Purchase": the dialog's title and the button's accessible name. */
  cellName: string;
}) {
  const t = useTranslations("journeys.comments");
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={t("open", { count, cell: cellName })}
        data-testid={`comments-${cell.touchpoint}-${cell.stage}`}
        className="mt-1 inline-flex items-center gap-1 rounded text-xs text-primary underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
      >
        <MessageSquareText aria-hidden="true" className="size-3.5" />
        {t("count", { count })}
      </button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={t("title", { cell: cellName })}
        description={t("description")}
        closeLabel={t("close")}
        className="w-[min(92vw,44rem)]"
      >
        {open ? <CellCommentsBody source={source} cell={cell} /> : null}
      </Dialog>
    </>
  );
}

function CellCommentsBody({ source, cell }: { source: CommentSource; cell: CommentCell }) {
  const t = useTranslations("journeys.comments");
  const f = useFormatters();
  const trpc = useTRPC();
  const byView = useQuery({
    ...trpc.views.cellComments.queryOptions({
      id: "viewId" in source ? source.viewId : 0,
      ...cell,
      limit: LISTED,
    }),
    enabled: "viewId" in source,
  });
  const byLink = useQuery({
    ...trpc.shared.cellComments.queryOptions({
      token: "token" in source ? source.token : "",
      ...cell,
      limit: LISTED,
    }),
    enabled: "token" in source,
  });
  const query = "viewId" in source ? byView : byLink;
  if (query.isError) {
    return (
      <p role="alert" className="text-sm text-negative">
        {query.error.message}
      </p>
    );
  }
  if (!query.data) {
    return (
      <div className="grid gap-2" aria-busy="true">
        <span className="sr-only">{t("loading")}</span>
        <Skeleton className="h-6 w-2/3" />
        <Skeleton className="h-16 w-full" />
        <Skeleton className="h-16 w-full" />
      </div>
    );
  }
  const data = query.data;
  return (
    <div className="grid gap-4 text-sm">
      <p>
        {data.total > data.comments.length
          ? t("showing", { shown: data.comments.length, total: data.total })
          : t("all", { total: data.total })}
      </p>
      <section aria-labelledby="comment-terms" className="grid gap-2">
        <h3 id="comment-terms" className="font-semibold">
          {t("terms")}
        </h3>
        {data.terms.length === 0 ? (
          <p className="text-muted-foreground">{t("noTerms")}</p>
        ) : (
          <ul className="flex flex-wrap gap-2" data-testid="comment-terms">
            {data.terms.map((term) => (
              <li
                key={term.term}
                className="rounded-full border border-border bg-muted px-2.5 py-0.5"
                title={t("termDetail", {
                  share: f.percent(term.share),
                  rest: term.restShare === null ? t("noRest") : f.percent(term.restShare),
                })}
              >
                <span className="font-medium">{term.term}</span>{" "}
                <span className="text-muted-foreground">
                  {t("termCounts", {
                    share: f.percent(term.share),
                    rest: term.restShare === null ? "—" : f.percent(term.restShare),
                  })}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="text-xs text-muted-foreground">
          {t("termsHow", { cell: data.analysed.cell, rest: data.analysed.rest })}
        </p>
      </section>
      <section aria-labelledby="comment-list" className="grid gap-2">
        <h3 id="comment-list" className="font-semibold">
          {t("lowestFirst")}
        </h3>
        <ul className="grid gap-2" data-testid="comment-list">
          {data.comments.map((c: CellComment | SharedCellComment, i) => (
            // A share link's comments carry no event id: their place in the list is their key.
            <li
              key={"eventId" in c ? c.eventId : i}
              className="rounded-md border border-border p-3"
            >
              <p className="flex flex-wrap items-center gap-x-3 text-xs text-muted-foreground">
                <span className="font-medium text-foreground">
                  {c.rating === null ? t("unrated") : t("rating", { rating: c.rating })}
                </span>
                <span>{f.day(new Date(c.occurredAt))}</span>
                {"customer" in c ? (
                  <Link
                    href={`/customers/${encodeURIComponent(c.customer)}`}
                    className="underline-offset-2 hover:underline"
                  >
                    {t("customer", { id: c.customer })}
                  </Link>
                ) : null}
              </p>
              <p className="mt-1 whitespace-pre-line break-words">{c.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
