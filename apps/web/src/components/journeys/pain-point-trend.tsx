"use client";

import type { PainPoint } from "@parcours/db/metrics";
import { Badge } from "@parcours/ui/badge";
import { toneClass } from "@parcours/ui/change";
import { cn } from "@parcours/ui/cn";
import { useTranslations } from "next-intl";
import { usePainPointTrend } from "./pain-point-text";

/**
 * A pain point against the previous period of the same length, under its sentence: "New" when
 * it was no pain point of that kind then, and the change in customers lost and in rating, each
 * with one sign and the map's comparison colours (red when worse). Nothing when not computed.
 */
export function PainPointTrend({ point }: { point: PainPoint }) {
  const t = useTranslations("journeys.map");
  const { change } = usePainPointTrend();
  const c = change(point);
  if (!c || (!c.isNew && !c.lost && !c.rating)) return null;
  return (
    <span
      className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs"
      data-testid="pain-point-trend"
    >
      {c.isNew ? <Badge variant="warning">{t("trendNewBadge")}</Badge> : null}
      {c.lost || c.rating ? <span className="text-muted-foreground">{t("trendLabel")}</span> : null}
      {c.lost ? (
        <span
          data-tone={c.lost.tone}
          data-testid="pain-point-trend-lost"
          className={cn(toneClass[c.lost.tone])}
        >
          {t("trendLost", { change: c.lost.text })}
        </span>
      ) : null}
      {c.rating ? (
        <span
          data-tone={c.rating.tone}
          data-testid="pain-point-trend-rating"
          className={cn(toneClass[c.rating.tone])}
        >
          {t("trendRating", { change: c.rating.text })}
        </span>
      ) : null}
    </span>
  );
}
