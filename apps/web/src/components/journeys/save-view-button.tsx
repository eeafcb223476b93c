"use client";

import { Button } from "@parcours/ui/button";
import type { TFunnelStep } from "@parcours/validators";
import { BookmarkPlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { periodDays } from "~/filters/period";
import { useFilters, useResolvedFilters } from "~/filters/use-filters";
import { ViewFormDialog } from "./view-form-dialog";

const DAY_MS = 86_400_000;

/**
 * Saves the page's current filters as a journey view (presets stay relative: "last 90 days"),
 * with the funnel's steps and window when the page has one.
 */
export function SaveViewButton({
  funnel,
}: {
  funnel?: { steps: TFunnelStep[]; windowDays: number } | undefined;
} = {}) {
  const t = useTranslations("journeys");
  const [state] = useFilters();
  const { period, filter } = useResolvedFilters();
  const [open, setOpen] = useState(false);
  const draft = {
    period:
      state.period === "custom"
        ? {
            kind: "fixed" as const,
            from: period.from.toISOString().slice(0, 10),
            to: new Date(period.to.getTime()).toISOString().slice(0, 10),
          }
        : { kind: "relative" as const, days: periodDays(period) },
    filters: {
      personas: filter.personas ?? [],
      channels: filter.channels ?? [],
      ...(filter.cohort === undefined ? {} : { cohort: filter.cohort }),
    },
    steps: funnel?.steps ?? [],
    windowSeconds: ((funnel?.windowDays ?? 30) * DAY_MS) / 1000,
  };
  return (
    <>
      <Button variant="outline" onClick={() => setOpen(true)}>
        <BookmarkPlus aria-hidden="true" />
        {t("saveAsView")}
      </Button>
      {open ? <ViewFormDialog open={open} onOpenChange={setOpen} draft={draft} /> : null}
    </>
  );
}
