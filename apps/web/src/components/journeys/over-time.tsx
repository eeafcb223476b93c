"use client";

import type { ViewJourney } from "@parcours/db/metrics";
import { useTranslations } from "next-intl";
import { TimeSeriesChart } from "~/components/charts/lazy-charts";
import { overTimePoints } from "~/components/funnels/over-time-buckets";
import { useFormatters } from "~/lib/use-formatters";
import type { AnnotationRow } from "~/trpc/outputs";

/** Conversion over time through the view's funnel, with dated comments as markers. */
export function OverTimeSection({
  overTime,
  notes,
  stageNames,
  windowDays,
}: {
  overTime: NonNullable<ViewJourney["overTime"]>;
  notes: AnnotationRow[];
  stageNames: Map<string, string>;
  windowDays: number;
}) {
  const t = useTranslations("journeys.overTime");
  const tOverTime = useTranslations("metrics.overTime");
  const f = useFormatters();
  const shown = overTimePoints(overTime.buckets, overTime.bucket, windowDays, tOverTime, f);
  const markers = notes.flatMap((note) => {
    if (note.parentId !== null || note.target.kind !== "date") return [];
    const at = new Date(`${note.target.date}T00:00:00Z`).getTime();
    const bucket = overTime.buckets.find((b) => at >= b.start.getTime() && at < b.end.getTime());
    if (!bucket) return [];
    const label = note.body.length > 32 ? `${note.body.slice(0, 31)}…` : note.body;
    return [{ start: f.dayShort(bucket.start), label }];
  });
  return (
    <section aria-labelledby="over-time-title" className="grid gap-2">
      <h2 id="over-time-title" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-muted-foreground">
        {t("description", {
          steps: overTime.steps.map((key) => stageNames.get(key) ?? key).join(" → "),
          bucket: t(`buckets.${overTime.bucket}`),
        })}
      </p>
      <TimeSeriesChart
        points={shown.points}
        shadedLabel={tOverTime("band")}
        format={f.percent}
        formatNumber={f.integer}
        labels={{ value: t("conversion"), sampleSize: t("entered"), noData: "—" }}
        domain={[0, 1]}
        ariaLabel={t("title")}
        markers={markers}
        height={240}
      />
      {shown.note ? (
        <p className="text-xs text-muted-foreground" data-testid="incomplete-note">
          {shown.note}
        </p>
      ) : null}
    </section>
  );
}
