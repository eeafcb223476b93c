"use client";

import type { JourneyMap } from "@parcours/db/metrics";
import { Skeleton } from "@parcours/ui/skeleton";
import { useTranslations } from "next-intl";
import { PageHeader } from "~/components/common/page-header";
import { ExportMenu } from "./export-menu";

/**
 * The top of a view's journey page, signed in or through a share link: the view's name and
 * summary, "compare with the previous period", and the export of the map (once it is there).
 */
export function JourneyHeader({
  view,
  subtitle,
  compare,
  onCompareChange,
  mapId,
  map,
}: {
  /** Undefined while the view loads: a placeholder stands for its name. */
  view: { name: string; description: string } | undefined;
  subtitle: string;
  compare: boolean;
  onCompareChange: (compare: boolean) => void;
  /** The id of the element the export captures. */
  mapId: string;
  map: JourneyMap | undefined;
}) {
  const t = useTranslations("journeys");
  return (
    <>
      <PageHeader
        title={view?.name ?? <Skeleton className="h-8 w-64" />}
        description={[view?.description, subtitle].filter(Boolean).join(" — ")}
      />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4"
            checked={compare}
            onChange={(e) => onCompareChange(e.target.checked)}
          />
          {t("map.compare")}
        </label>
        {map && view ? (
          <ExportMenu targetId={mapId} name={view.name} subtitle={subtitle} map={map} />
        ) : null}
      </div>
    </>
  );
}
