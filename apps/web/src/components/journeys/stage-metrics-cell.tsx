"use client";

import type { StageMetricValue } from "@parcours/db/metrics";
import { cn } from "@parcours/ui/cn";
import { useTranslations } from "next-intl";
import { formatMetricValue } from "~/lib/stage-metric-format";
import { useFormatters } from "~/lib/use-formatters";

/** A status chip's colours, on the map and in a review's before → after. */
export const STATUS_STYLE = {
  met: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  missed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
  no_data: "bg-muted text-muted-foreground",
} as const;

/** One stage's metrics on the journey map: value, target, status and the previous period's value. */
export function StageMetricsCell({
  stage,
  metrics,
}: {
  stage: string;
  metrics: StageMetricValue[];
}) {
  const t = useTranslations("stageMetrics");
  const f = useFormatters();
  if (metrics.length === 0) {
    return <span className="text-xs text-muted-foreground">{t("none")}</span>;
  }
  return (
    <ul className="grid gap-2">
      {metrics.map((m) => (
        <li key={m.key} className="text-xs" data-testid={`stage-metric-${stage}-${m.key}`}>
          <span className="block font-medium">{m.name}</span>
          <span className="block tabular-nums">
            <span className="text-sm font-semibold" data-testid="stage-metric-value">
              {m.value === null ? "—" : formatMetricValue(f, m.kind, m.value)}
            </span>{" "}
            <span className="text-muted-foreground">({t("sample", { n: f.integer(m.n) })})</span>
          </span>
          <span className="block text-muted-foreground" data-testid="stage-metric-target">
            {m.target
              ? t("target", {
                  op: m.target.op,
                  value: formatMetricValue(f, m.kind, m.target.value),
                })
              : t("noTarget")}
            {m.status ? (
              <span
                className={cn("ml-1 rounded px-1 font-medium", STATUS_STYLE[m.status])}
                data-testid="stage-metric-status"
              >
                {t(`status.${m.status}`)}
              </span>
            ) : null}
          </span>
          <span
            className="block text-muted-foreground tabular-nums"
            data-testid="stage-metric-before"
          >
            {t("before", {
              value: m.previous === null ? "—" : formatMetricValue(f, m.kind, m.previous),
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}
