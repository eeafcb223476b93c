"use client";

import { Badge } from "@parcours/ui/badge";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeft, Inbox } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { PageHeader } from "~/components/common/page-header";
import { SectionError } from "~/components/common/section-error";
import { useTRPC } from "~/trpc/react";
import { ReviewChangesView } from "./review-changes";
import { ReviewVersions } from "./review-versions";
import { useInvalidateReviewReads } from "./use-review-reads";

const PENDING_POLL_MS = 3_000;

/**
 * One review: what moved since the previous one, then the map as it froze beside today's.
 * Opening it marks it read in the reader's inbox.
 */
export function ReviewPage({ viewId, reviewId }: { viewId: number; reviewId: number }) {
  const t = useTranslations("reviews.page");
  const tVersions = useTranslations("reviews.versions");
  const format = useFormatter();
  const trpc = useTRPC();
  const review = useQuery({
    ...trpc.reviews.get.queryOptions({ reviewId }),
    refetchInterval: (query) => (query.state.data?.status === "pending" ? PENDING_POLL_MS : false),
  });
  const invalidate = useInvalidateReviewReads();
  const markRead = useMutation(trpc.reviews.markRead.mutationOptions({ onSuccess: invalidate }));
  const { mutate } = markRead;
  useEffect(() => {
    mutate({ reviewId });
  }, [mutate, reviewId]);

  const [pickedId, setPickedId] = useState(reviewId);
  const list = useQuery(trpc.reviews.list.queryOptions({ viewId }));
  const picked = useQuery({
    ...trpc.reviews.get.queryOptions({ reviewId: pickedId }),
    enabled: pickedId !== reviewId,
  });
  const view = useQuery(trpc.views.get.queryOptions({ id: viewId }));
  const today = useQuery(trpc.views.journey.queryOptions({ id: viewId, compare: false }));
  const when = (d: Date) => format.dateTime(d, { dateStyle: "long", timeStyle: "short" });

  if (review.isError) {
    return (
      <SectionError
        title={t("notFound")}
        error={review.error}
        onRetry={() => void review.refetch()}
      />
    );
  }
  const data = review.data;
  const then = pickedId === reviewId ? data : picked.data;
  const ready = (list.data ?? []).filter((r) => r.status === "ready");

  return (
    <>
      <PageHeader
        title={data ? t("title", { name: data.viewName }) : <Skeleton className="h-8 w-72" />}
        description={data ? t("due", { date: when(data.dueAt) }) : undefined}
        aside={
          <nav aria-label={t("backToView")} className="flex flex-wrap gap-3 text-sm">
            <Link
              href={`/journeys/${viewId}`}
              className="inline-flex items-center gap-1 font-medium text-primary underline-offset-4 hover:underline"
            >
              <ArrowLeft aria-hidden="true" className="size-4" />
              {t("backToView")}
            </Link>
            <Link
              href="/reviews"
              className="inline-flex items-center gap-1 font-medium text-primary underline-offset-4 hover:underline"
            >
              <Inbox aria-hidden="true" className="size-4" />
              {t("inbox")}
            </Link>
          </nav>
        }
      />
      {data ? (
        <div className="mb-6 flex flex-wrap items-center gap-2 text-sm" data-testid="review-marks">
          {data.late ? (
            <>
              <Badge variant="warning">{t("late")}</Badge>
              <span className="text-muted-foreground">
                {t("lateHint", { date: when(data.completedAt ?? data.dueAt) })}
              </span>
            </>
          ) : null}
          {data.manual ? <Badge variant="outline">{t("manual")}</Badge> : null}
        </div>
      ) : null}
      {!data ? (
        <Skeleton className="h-96 w-full" />
      ) : data.status === "pending" ? (
        <p role="status" className="rounded-md border border-border p-4 text-sm">
          {t("pending")}
        </p>
      ) : data.status === "failed" || !data.snapshot || !data.changes ? (
        <p role="alert" className="rounded-md border border-negative/40 p-4 text-sm">
          {t("failed")}
        </p>
      ) : (
        <div className="grid gap-12">
          <ReviewChangesView viewId={viewId} changes={data.changes} snapshot={data.snapshot} />
          <ReviewVersions
            reviews={ready.length > 0 ? ready : [{ id: data.id, dueAt: data.dueAt }]}
            pickedId={pickedId}
            onPick={setPickedId}
            then={then?.snapshot ? { snapshot: then.snapshot, dueAt: then.dueAt } : undefined}
            thenError={
              picked.isError && pickedId !== reviewId ? (
                <SectionError
                  title={tVersions("loadError")}
                  error={picked.error}
                  onRetry={() => void picked.refetch()}
                />
              ) : undefined
            }
            today={
              today.data && view.data ? { data: today.data, filters: view.data.filters } : undefined
            }
            todayError={
              today.isError || view.isError ? (
                <SectionError
                  title={tVersions("loadError")}
                  error={today.error ?? view.error ?? { message: tVersions("loadError") }}
                  onRetry={() => {
                    void today.refetch();
                    void view.refetch();
                  }}
                />
              ) : undefined
            }
          />
        </div>
      )}
    </>
  );
}
