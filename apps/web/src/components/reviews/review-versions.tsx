"use client";

import type { ReviewSnapshot } from "@parcours/db/reviews/types";
import { Select } from "@parcours/ui/select";
import { Skeleton } from "@parcours/ui/skeleton";
import { Lock, Radio } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { JourneyMapView, type TJourneyData } from "~/components/journeys/journey-map";
import { useFormatters } from "~/lib/use-formatters";
import { distinctDateLabels } from "./review-dates";

const DAY_MS = 86_400_000;

/** A snapshot as the journey map draws it: frozen figures, no comparison, no trend over time. */
export function snapshotJourney(snapshot: ReviewSnapshot): TJourneyData {
  return {
    map: snapshot.map,
    previous: null,
    overTime: null,
    annotations: [],
    unknownFilters: snapshot.unknownFilters,
    stageMetrics: snapshot.stageMetrics,
    emotion: snapshot.emotion,
  };
}

/**
 * "The map then": a review's frozen journey map (stages, goals and figures as they were) beside
 * today's map of the same view, side by side from 1280 px and one above the other below; a
 * switch picks which past review is shown. Each side says plainly what it is.
 */
export function ReviewVersions({
  reviews,
  pickedId,
  onPick,
  then,
  thenError,
  today,
  todayError,
}: {
  /** The view's ready reviews to pick from, newest first. */
  reviews: { id: number; dueAt: Date }[];
  pickedId: number;
  onPick: (reviewId: number) => void;
  /** The picked review's snapshot; undefined while it loads (or when it failed: `thenError`). */
  then: { snapshot: ReviewSnapshot; dueAt: Date } | undefined;
  thenError?: ReactNode;
  /** Today's map of the view; undefined while it loads (or when it failed: `todayError`). */
  today: { data: TJourneyData; filters: { personas: string[]; channels: string[] } } | undefined;
  todayError?: ReactNode;
}) {
  const t = useTranslations("reviews.versions");
  const f = useFormatters();
  const format = useFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "long", timeStyle: "short" });
  const period = (p: { from: Date; to: Date }) =>
    f.dayRange(p.from, new Date(Math.max(p.from.getTime(), p.to.getTime() - DAY_MS)));
  const labels = distinctDateLabels(
    reviews.map((r) => r.dueAt),
    when,
    (d) => format.dateTime(d, { dateStyle: "long", timeStyle: "medium" }),
  );
  const thenData = then;
  const todayData = today;

  return (
    <section aria-labelledby="review-versions-title" className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1">
          <h2 id="review-versions-title" className="text-xl font-semibold">
            {t("title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("description")}</p>
        </div>
        {reviews.length > 1 ? (
          <div className="grid gap-1">
            {/* Read by sight; the select carries the same words as its name. */}
            <span className="text-sm font-medium" aria-hidden="true">
              {t("pick")}
            </span>
            <Select
              label={t("pick")}
              options={reviews.map((r, i) => ({ value: String(r.id), label: labels[i] ?? "" }))}
              value={String(pickedId)}
              onValueChange={(value) => onPick(Number(value))}
              className="w-auto min-w-72"
            />
          </div>
        ) : null}
      </div>
      <div className="grid gap-8 xl:grid-cols-2">
        <article
          aria-labelledby="review-then-title"
          className="grid min-w-0 content-start gap-3 rounded-lg border-2 border-dashed border-border p-3"
          data-testid="review-map-then"
        >
          <header className="grid gap-1">
            <h3 id="review-then-title" className="flex items-center gap-2 text-lg font-semibold">
              <Lock aria-hidden="true" className="size-4 text-muted-foreground" />
              {thenData ? t("thenTitle", { date: when(thenData.dueAt) }) : t("thenTitleLoading")}
            </h3>
            <p className="text-sm text-muted-foreground" data-testid="review-map-then-note">
              {thenData
                ? t("thenNote", {
                    taken: when(thenData.snapshot.takenAt),
                    range: period(thenData.snapshot.period),
                    name: thenData.snapshot.view.name,
                  })
                : null}
            </p>
          </header>
          {thenData ? (
            <JourneyMapView
              data={snapshotJourney(thenData.snapshot)}
              viewFilters={thenData.snapshot.view.filters}
            />
          ) : (
            (thenError ?? <Skeleton className="h-[28rem] w-full" />)
          )}
        </article>
        <article
          aria-labelledby="review-today-title"
          className="grid min-w-0 content-start gap-3 rounded-lg border border-border p-3"
          data-testid="review-map-today"
        >
          <header className="grid gap-1">
            <h3 id="review-today-title" className="flex items-center gap-2 text-lg font-semibold">
              <Radio aria-hidden="true" className="size-4 text-positive" />
              {t("todayTitle")}
            </h3>
            <p className="text-sm text-muted-foreground">
              {todayData ? t("todayNote", { range: period(todayData.data.map) }) : null}
            </p>
          </header>
          {todayData ? (
            <JourneyMapView data={todayData.data} viewFilters={todayData.filters} />
          ) : (
            (todayError ?? <Skeleton className="h-[28rem] w-full" />)
          )}
        </article>
      </div>
    </section>
  );
}
