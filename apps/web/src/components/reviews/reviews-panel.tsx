"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { SectionError } from "~/components/common/section-error";
import type { ViewReview } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { distinctDateLabels } from "./review-dates";
import { ScheduleForm, ScheduleSummary } from "./schedule-form";
import { SubscriptionSection } from "./subscription-section";
import { WebhooksSection } from "./webhooks-section";

/** While a review is being taken, the list looks again this often. */
const PENDING_POLL_MS = 3_000;

/**
 * The journey view's "Reviews" panel: subscribe (everyone who sees the view); the schedule,
 * "review now" and webhooks (those who may change the view); the view's past reviews.
 */
export function ReviewsPanel({ viewId, canManage }: { viewId: number; canManage: boolean }) {
  const t = useTranslations("reviews.panel");
  return (
    <section
      aria-labelledby="reviews-panel-title"
      className="grid gap-6 rounded-lg border border-border bg-card p-4"
      data-testid="reviews-panel"
    >
      <div>
        <h2 id="reviews-panel-title" className="text-base font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="grid content-start gap-6">
          <SubscriptionSection viewId={viewId} />
          <Schedule viewId={viewId} canManage={canManage} />
        </div>
        <div className="grid content-start gap-6">
          <PastReviews viewId={viewId} canManage={canManage} />
          {canManage ? <WebhooksSection viewId={viewId} /> : null}
        </div>
      </div>
    </section>
  );
}

function Schedule({ viewId, canManage }: { viewId: number; canManage: boolean }) {
  const t = useTranslations("reviews.panel");
  const tSchedule = useTranslations("reviews.schedule");
  const trpc = useTRPC();
  const schedule = useQuery(trpc.reviews.schedule.get.queryOptions({ viewId }));
  const [done, setDone] = useState<"saved" | "removed" | null>(null);
  if (schedule.isPending) return <Skeleton className="h-72 w-full" />;
  if (schedule.isError) {
    return (
      <SectionError
        title={t("loadError")}
        error={schedule.error}
        onRetry={() => void schedule.refetch()}
      />
    );
  }
  if (!canManage) {
    return (
      <div className="grid gap-2">
        <h3 className="text-sm font-semibold">{tSchedule("title")}</h3>
        <ScheduleSummary schedule={schedule.data} />
      </div>
    );
  }
  // Keyed by the saved schedule: saving or removing starts the form again from what is stored.
  return (
    <ScheduleForm
      key={schedule.data ? schedule.data.updatedAt.toISOString() : "none"}
      viewId={viewId}
      schedule={schedule.data}
      done={done}
      onDone={setDone}
    />
  );
}

function PastReviews({ viewId, canManage }: { viewId: number; canManage: boolean }) {
  const t = useTranslations("reviews.past");
  const tNow = useTranslations("reviews.now");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [asked, setAsked] = useState(false);
  const list = useQuery({
    ...trpc.reviews.list.queryOptions({ viewId }),
    // A review asked for is taken by the server's loop within seconds: look until it is ready.
    refetchInterval: (query) =>
      query.state.data?.some((r) => r.status === "pending") ? PENDING_POLL_MS : false,
  });
  const now = useMutation(
    trpc.reviews.reviewNow.mutationOptions({
      onSuccess: async () => {
        setAsked(true);
        await queryClient.invalidateQueries(trpc.reviews.list.queryFilter({ viewId }));
      },
    }),
  );
  const when = (d: Date) => format.dateTime(d, { dateStyle: "long", timeStyle: "short" });
  const labels = distinctDateLabels(
    (list.data ?? []).map((r) => r.dueAt),
    when,
    (d) => format.dateTime(d, { dateStyle: "long", timeStyle: "medium" }),
  );

  return (
    <div className="grid content-start gap-3" data-testid="review-list">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{t("title")}</h3>
        {canManage ? (
          <Button
            size="sm"
            onClick={() => {
              setAsked(false);
              now.mutate({ viewId });
            }}
            disabled={now.isPending}
            aria-busy={now.isPending || undefined}
          >
            {now.isPending ? tNow("asking") : tNow("button")}
          </Button>
        ) : null}
      </div>
      <p role="status" className="text-sm text-muted-foreground empty:hidden">
        {asked ? tNow("asked") : ""}
      </p>
      <RequestError error={now.error} />
      {list.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : list.isError ? (
        <RequestError error={list.error} />
      ) : list.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("none")}</p>
      ) : (
        <ul className="grid gap-1" aria-label={t("caption")}>
          {list.data.map((r, i) => (
            <PastReview key={r.id} viewId={viewId} review={r} label={labels[i] ?? when(r.dueAt)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function PastReview({
  viewId,
  review,
  label,
}: {
  viewId: number;
  review: ViewReview;
  /** Its date as listed. */
  label: string;
}) {
  const t = useTranslations("reviews.past");
  return (
    <li
      className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-border py-1.5 text-sm last:border-b-0"
      data-testid="review-list-item"
      data-status={review.status}
    >
      {review.status === "ready" ? (
        <Link
          href={`/journeys/${viewId}/reviews/${review.id}`}
          className="font-medium text-primary underline-offset-4 hover:underline"
        >
          {label}
        </Link>
      ) : (
        <span className="font-medium">{label}</span>
      )}
      {review.late ? (
        <Badge variant="warning" title={t("lateHint")}>
          {t("late")}
          <span className="sr-only">, {t("lateHint")}</span>
        </Badge>
      ) : null}
      {review.manual ? <Badge variant="outline">{t("manual")}</Badge> : null}
      {review.status === "pending" ? <Badge variant="muted">{t("pending")}</Badge> : null}
      {review.status === "failed" ? <Badge variant="negative">{t("failed")}</Badge> : null}
      {review.status === "ready" ? (
        <span
          className={
            review.alertCount > 0 ? "text-negative text-xs" : "text-muted-foreground text-xs"
          }
          data-testid="review-alert-count"
        >
          {t("alertCount", { count: review.alertCount })}
        </span>
      ) : null}
    </li>
  );
}
