"use client";

import { Skeleton } from "@parcours/ui/skeleton";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Eye } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { SectionError } from "~/components/common/section-error";
import { DriverBadges, useSharedDriversByTouchpoint } from "~/components/drivers/driver-badges";
import { useTRPC } from "~/trpc/react";
import { CellCommentsButton, useCommentCounts } from "./cell-comments";
import { JourneyHeader } from "./journey-header";
import { JourneyMapView } from "./journey-map";
import { NotesPanel } from "./notes-panel";
import { useViewSummary } from "./use-view-summary";

const MAP_ID = "journey-map";

/** What a share link shows: the view, read-only, with nothing else reachable from it. */
export function SharedJourney({ token }: { token: string }) {
  const t = useTranslations("journeys");
  const format = useFormatter();
  const trpc = useTRPC();
  const summary = useViewSummary();
  const [compare, setCompare] = useState(false);
  const journey = useQuery({
    ...trpc.shared.journey.queryOptions({ token, compare }),
    placeholderData: keepPreviousData,
  });
  const tComments = useTranslations("journeys.comments");
  // The customers' own comments only when the sharer included them, and without who wrote them.
  const commentCounts = useCommentCounts({ token }, journey.data?.customerComments === true);
  const drivers = useSharedDriversByTouchpoint(token);
  const names = journey.data?.map;
  const commentsOf = (cell: { stage: string; touchpoint: string }) => {
    const count = commentCounts?.get(`${cell.touchpoint}:${cell.stage}`);
    if (!count) return null;
    const cellName = tComments("cellName", {
      touchpoint:
        names?.rows.find((r) => r.touchpoint === cell.touchpoint)?.name ?? cell.touchpoint,
      stage: names?.stages.find((s) => s.key === cell.stage)?.name ?? cell.stage,
    });
    return <CellCommentsButton source={{ token }} cell={cell} count={count} cellName={cellName} />;
  };
  if (journey.isError && !journey.data) {
    return (
      <SectionError
        title={t("title")}
        error={journey.error}
        onRetry={() => void journey.refetch()}
      />
    );
  }
  if (!journey.data) return <Skeleton className="mt-6 h-[32rem] w-full" />;
  const data = journey.data;
  const subtitle = summary(data.view);
  return (
    <>
      <p
        className="mt-4 inline-flex items-center gap-2 rounded-md bg-muted px-3 py-1 text-sm"
        role="note"
      >
        <Eye aria-hidden="true" className="size-4" />
        {t("shared.readOnly")}
        {data.expiresAt
          ? ` · ${t("shared.expires", { date: format.dateTime(data.expiresAt, { dateStyle: "medium" }) })}`
          : ""}
      </p>
      <JourneyHeader
        view={data.view}
        subtitle={subtitle}
        compare={compare}
        onCompareChange={setCompare}
        mapId={MAP_ID}
        map={data.map}
      />
      {data.customerComments ? (
        <p className="mt-2 text-sm text-muted-foreground" role="note" data-testid="shared-comments">
          {t("shared.customerComments")}
        </p>
      ) : null}
      <JourneyMapView
        id={MAP_ID}
        data={data}
        viewFilters={data.view.filters}
        {...(commentCounts ? { cellExtra: commentsOf } : {})}
        {...(drivers
          ? { driverOf: (tp: string) => <DriverBadges driver={drivers.get(tp)} /> }
          : {})}
      />
      {data.comments === "none" ? null : (
        <div className="mt-8">
          <NotesPanel viewId={0} notes={data.annotations} map={data.map} readOnly />
        </div>
      )}
    </>
  );
}
