"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { cn } from "@parcours/ui/cn";
import { EmptyState } from "@parcours/ui/empty-state";
import { ScrollArea } from "@parcours/ui/scroll-area";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Inbox } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { SectionError } from "~/components/common/section-error";
import { useTRPC } from "~/trpc/react";
import { useInvalidateReviewReads } from "./use-review-reads";

/**
 * My reviews (the 'app' deliveries of the views I subscribed to), unread first and in bold:
 * view, date, marks, alerts; opening one marks it read; "mark all read".
 */
export function ReviewInbox() {
  const t = useTranslations("reviews.inbox");
  const tPast = useTranslations("reviews.past");
  const format = useFormatter();
  const trpc = useTRPC();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useQuery(trpc.reviews.inbox.queryOptions({ unreadOnly }));
  const invalidate = useInvalidateReviewReads();
  const markAll = useMutation(trpc.reviews.markAllRead.mutationOptions({ onSuccess: invalidate }));
  const when = (d: Date) => format.dateTime(d, { dateStyle: "long", timeStyle: "short" });
  const unread = inbox.data?.filter((r) => r.readAt === null).length ?? 0;

  if (inbox.isError) {
    return (
      <SectionError title={t("title")} error={inbox.error} onRetry={() => void inbox.refetch()} />
    );
  }
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4"
            checked={unreadOnly}
            onChange={(e) => setUnreadOnly(e.target.checked)}
          />
          {t("onlyUnread")}
        </label>
        <div className="flex items-center gap-3">
          <span role="status" className="text-sm text-muted-foreground">
            {inbox.data && unread === 0 && inbox.data.length > 0 ? t("allRead") : ""}
          </span>
          <Button
            variant="outline"
            onClick={() => markAll.mutate()}
            disabled={markAll.isPending || unread === 0}
          >
            {t("markAllRead")}
          </Button>
        </div>
      </div>
      <RequestError error={markAll.error} />
      {inbox.isPending ? (
        <Skeleton className="h-48 w-full" />
      ) : inbox.data.length === 0 ? (
        <EmptyState
          icon={<Inbox />}
          title={unreadOnly ? t("emptyUnread") : t("empty")}
          description={t("emptyHint")}
        />
      ) : (
        <ScrollArea hint={t("caption")} contentClassName="relative">
          <table className="w-full min-w-[40rem] text-sm" data-testid="review-inbox">
            <caption className="sr-only">{t("caption")}</caption>
            <thead>
              <tr className="border-b border-border text-left text-xs text-muted-foreground">
                <th scope="col" className="p-2 font-medium">
                  {t("date")}
                </th>
                <th scope="col" className="p-2 font-medium">
                  {t("view")}
                </th>
                <th scope="col" className="p-2 font-medium">
                  {t("alerts")}
                </th>
                <th scope="col" className="p-2 font-medium">
                  {t("state")}
                </th>
              </tr>
            </thead>
            <tbody>
              {inbox.data.map((r) => {
                const isUnread = r.readAt === null;
                return (
                  <tr
                    key={r.reviewId}
                    className={cn(
                      "border-b border-border align-top",
                      isUnread ? "bg-primary/5 font-semibold" : "font-normal",
                    )}
                    data-testid="review-inbox-row"
                    data-unread={isUnread}
                  >
                    <th scope="row" className="p-2 text-left font-[inherit]">
                      <Link
                        href={`/journeys/${r.viewId}/reviews/${r.reviewId}`}
                        className="text-primary underline-offset-4 hover:underline"
                      >
                        {when(r.dueAt)}
                      </Link>
                      <span className="ml-2 inline-flex gap-1 align-middle">
                        {r.late ? <Badge variant="warning">{tPast("late")}</Badge> : null}
                        {r.manual ? <Badge variant="outline">{tPast("manual")}</Badge> : null}
                      </span>
                    </th>
                    <td className="p-2">{r.viewName}</td>
                    <td
                      className={cn("p-2", r.alertCount > 0 && "text-negative")}
                      data-testid="review-inbox-alerts"
                    >
                      {tPast("alertCount", { count: r.alertCount })}
                    </td>
                    <td className="p-2">
                      {isUnread ? (
                        <Badge variant="default">{t("unread")}</Badge>
                      ) : (
                        <span className="text-muted-foreground">{t("read")}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollArea>
      )}
    </div>
  );
}
