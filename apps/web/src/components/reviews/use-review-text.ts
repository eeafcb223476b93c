"use client";

import type { ReviewAlert, ReviewSnapshot } from "@parcours/db/reviews/types";
import type { TMetricTarget } from "@parcours/validators";
import { useFormatter, useTranslations } from "next-intl";
import { formatMetricValue } from "~/lib/stage-metric-format";
import { useFormatters } from "~/lib/use-formatters";

/**
 * Names and values as a review writes them: stage and touchpoint names as the snapshot froze
 * them, a stage metric's value in its own kind (the changes carry the value, the snapshot the
 * kind), and each alert as one plain sentence.
 */
export function useReviewText(snapshot: Pick<ReviewSnapshot, "map" | "stageMetrics">) {
  const t = useTranslations("reviews.alerts");
  const tStageMetrics = useTranslations("stageMetrics");
  const f = useFormatters();
  const format = useFormatter();
  const stageNames = new Map(snapshot.map.stages.map((s) => [s.key, s.name]));
  const touchpointNames = new Map(snapshot.map.rows.map((r) => [r.touchpoint, r.name]));
  const kinds = new Map(
    snapshot.stageMetrics.stages.flatMap((s) =>
      s.metrics.map((m) => [`${s.stage}:${m.key}`, m.kind] as const),
    ),
  );
  const stage = (key: string) => stageNames.get(key) ?? key;
  const touchpoint = (key: string) => touchpointNames.get(key) ?? key;
  /** A stage metric's value; a metric the snapshot no longer lists reads as a plain number. */
  const metricValue = (stageKey: string, metric: string, value: number | null): string => {
    if (value === null) return t("noValue");
    const kind = kinds.get(`${stageKey}:${metric}`);
    return kind
      ? formatMetricValue(f, kind, value)
      : format.number(value, { maximumFractionDigits: 2 });
  };
  const target = (stageKey: string, metric: string, value: TMetricTarget) =>
    tStageMetrics("target", { op: value.op, value: metricValue(stageKey, metric, value.value) });
  const alert = (a: ReviewAlert): string =>
    a.kind === "target_crossed"
      ? t(a.now === "met" ? "met" : "missed", {
          name: a.name,
          stage: stage(a.stage),
          op: a.target.op,
          target: target(a.stage, a.metric, a.target),
          value: metricValue(a.stage, a.metric, a.value),
        })
      : t("satisfactionDrop", {
          touchpoint: touchpoint(a.touchpoint),
          stage: stage(a.stage),
          before: f.rating(a.before),
          after: f.rating(a.after),
          drop: f.rating(a.before - a.after),
          threshold: f.rating(a.threshold),
        });
  return { stage, touchpoint, metricValue, target, alert };
}
