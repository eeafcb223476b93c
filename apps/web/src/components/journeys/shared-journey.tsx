"use client";

import { Skeleton } from "@parcours/ui/skeleton";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Eye } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { PageHeader } from "~/components/common/page-header";
import { SectionError } from "~/components/common/section-error";
import { useTRPC } from "~/trpc/react";
import { ExportMenu } from "./export-menu";
import { JourneyMapView } from "./journey-map";
import { NotesPanel } from "./notes-panel";
import { useViewSummary } from "./use-view-summary";

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
      <PageHeader
        title={data.view.name}
        description={[data.view.description, subtitle].filter(Boolean).join(" — ")}
      />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4"
            checked={compare}
            onChange={(e) => setCompare(e.target.checked)}
          />
          {t("map.compare")}
        </label>
        <ExportMenu
          targetId="journey-map"
          name={data.view.name}
          subtitle={subtitle}
          map={data.map}
        />
      </div>
      <JourneyMapView id="journey-map" data={data} viewFilters={data.view.filters} />
      {data.comments === "none" ? null : (
        <div className="mt-8">
          <NotesPanel viewId={0} notes={data.annotations} map={data.map} readOnly />
        </div>
      )}
    </>
  );
}
