"use client";

import type { JourneyMap } from "@parcours/db/metrics";
import type { TAnnotationTarget } from "@parcours/validators";
import { useTranslations } from "next-intl";

/** What a comment or an action is pinned to, in words: the view, a stage, a cell or a date. */
export function useDescribeTarget(map: JourneyMap): (target: TAnnotationTarget) => string {
  const t = useTranslations("journeys.notes");
  const stageName = new Map(map.stages.map((s) => [s.key, s.name]));
  const touchpointName = new Map(map.rows.map((r) => [r.touchpoint, r.name]));
  return (target) => {
    switch (target.kind) {
      case "view":
        return t("onView");
      case "stage":
        return t("onStage", { stage: stageName.get(target.stage) ?? target.stage });
      case "cell":
        return t("onCell", {
          stage: stageName.get(target.stage) ?? target.stage,
          touchpoint: touchpointName.get(target.touchpoint) ?? target.touchpoint,
        });
      case "date":
        return t("onDate", { date: target.date });
    }
  };
}
