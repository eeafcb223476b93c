"use client";

import { Skeleton } from "@parcours/ui/skeleton";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { SectionError } from "~/components/common/section-error";
import { CellCustomersLink } from "~/components/customers/cell-customers-link";
import { useViewDrillHref } from "~/components/customers/use-drill-href";
import { DriverBadges, useDriversByTouchpoint } from "~/components/drivers/driver-badges";
import { ReviewsPanel } from "~/components/reviews/reviews-panel";
import { useCatalogue } from "~/hooks/use-catalogue";
import { useTRPC } from "~/trpc/react";
import { ActionBoard } from "./action-board";
import { CellCommentsButton, useCommentCounts } from "./cell-comments";
import { designedInput } from "./designed-input";
import { HowCustomersMove } from "./how-customers-move";
import { JourneyHeader } from "./journey-header";
import { JourneyMapView } from "./journey-map";
import { NotesPanel } from "./notes-panel";
import { RetentionLink } from "./retention-link";
import { SharePanel } from "./share-panel";
import { useViewSummary } from "./use-view-summary";

const MAP_ID = "journey-map";

export function JourneyPage({
  viewId,
  canShare,
  canReadComments,
  me,
}: {
  viewId: number;
  canShare: boolean;
  /** The signed-in user: managers and admins change any action, others their own. */
  me: { id: number; canManage: boolean };
  /** Managers and admins: customers' comments are personal data. */
  canReadComments: boolean;
}) {
  const t = useTranslations("journeys");
  const trpc = useTRPC();
  const summary = useViewSummary();
  const [compare, setCompare] = useState(false);
  const { data: catalogue } = useCatalogue();
  const view = useQuery(trpc.views.get.queryOptions({ id: viewId }));
  const journey = useQuery({
    ...trpc.views.journey.queryOptions({ id: viewId, compare }),
    placeholderData: keepPreviousData,
  });
  const commentCounts = useCommentCounts({ viewId }, canReadComments);
  const tComments = useTranslations("journeys.comments");
  const names = journey.data?.map;
  const cellName = (cell: { stage: string; touchpoint: string }) =>
    tComments("cellName", {
      touchpoint:
        names?.rows.find((r) => r.touchpoint === cell.touchpoint)?.name ?? cell.touchpoint,
      stage: names?.stages.find((s) => s.key === cell.stage)?.name ?? cell.stage,
    });
  const commentsOf = (cell: { stage: string; touchpoint: string }) => {
    const count = commentCounts?.get(`${cell.touchpoint}:${cell.stage}`);
    return count ? (
      <CellCommentsButton source={{ viewId }} cell={cell} count={count} cellName={cellName(cell)} />
    ) : null;
  };
  const drill = useViewDrillHref(journey.data, view.data?.filters);
  const drivers = useDriversByTouchpoint(
    journey.data ? designedInput(journey.data, view.data?.filters).filter : undefined,
  );
  // Under a cell and after a pain point: its customers (for those allowed), then its comments.
  const cellExtra = (cell: { stage: string; touchpoint: string }) => (
    <>
      {drill ? (
        <CellCustomersLink
          href={drill({ kind: "heatmap", touchpoint: cell.touchpoint, stage: cell.stage })}
          touchpoint={
            names?.rows.find((r) => r.touchpoint === cell.touchpoint)?.name ?? cell.touchpoint
          }
          stage={names?.stages.find((s) => s.key === cell.stage)?.name ?? cell.stage}
          testId={`customers-${cell.touchpoint}-${cell.stage}`}
        />
      ) : null}
      {commentsOf(cell)}
    </>
  );
  if (view.isError) {
    return (
      <SectionError title={t("title")} error={view.error} onRetry={() => void view.refetch()} />
    );
  }
  const subtitle = view.data ? summary(view.data) : "";
  return (
    <>
      <JourneyHeader
        view={view.data}
        subtitle={subtitle}
        compare={compare}
        onCompareChange={setCompare}
        mapId={MAP_ID}
        map={journey.data?.map}
      />
      {journey.isError && !journey.data ? (
        <SectionError
          title={t("title")}
          error={journey.error}
          onRetry={() => void journey.refetch()}
        />
      ) : !journey.data ? (
        <Skeleton className="h-[32rem] w-full" />
      ) : (
        <div
          className={
            journey.isPlaceholderData ? "opacity-70 transition-opacity" : "transition-opacity"
          }
        >
          <JourneyMapView
            id={MAP_ID}
            data={journey.data}
            {...(view.data ? { viewFilters: view.data.filters } : {})}
            {...(catalogue ? { catalogue } : {})}
            {...(commentCounts || drill ? { cellExtra } : {})}
            {...(drivers
              ? { driverOf: (tp: string) => <DriverBadges driver={drivers.get(tp)} /> }
              : {})}
            stageExtra={(stage) => (
              <RetentionLink stage={stage} stages={journey.data?.map.stages} />
            )}
          />
          <div className="mt-8">
            <HowCustomersMove journey={journey.data} filters={view.data?.filters} />
          </div>
          {/* Each panel as tall as its content: a stretched grid opened gaps inside the shorter. */}
          <div className="mt-8 grid items-start gap-8 lg:grid-cols-2">
            <NotesPanel viewId={viewId} notes={journey.data.annotations} map={journey.data.map} />
            {canShare ? <SharePanel viewId={viewId} /> : null}
          </div>
          <div className="mt-8">
            {/* Who may share the view may schedule its reviews: its owner, or an admin. */}
            <ReviewsPanel viewId={viewId} canManage={canShare} />
          </div>
          <div className="mt-8">
            <ActionBoard viewId={viewId} map={journey.data.map} me={me} />
          </div>
        </div>
      )}
    </>
  );
}
