"use client";

import type { ViewJourney } from "@parcours/db/metrics";
import type { AnnotationRow } from "@parcours/db/queries";
import { useTranslations } from "next-intl";
import { TimeSeriesChart } from "~/components/charts/lazy-charts";
import { useFormatters } from "~/lib/use-formatters";

const DAY_MS = 86_400_000;

/** Conversion over time through the view's funnel, with dated comments as markers. */
export function OverTimeSection({
  overTime,
  notes,
  stageNames,
}: {
  overTime: NonNullable<ViewJourney["overTime"]>;
  notes: AnnotationRow[];
  stageNames: Map<string, string>;
}) {
  const t = useTranslations("journeys.overTime");
  const f = useFormatters();
  const size = (overTime.bucket === "day" ? 1 : 7) * DAY_MS;
  const points = overTime.buckets.map((b) => ({
    start: f.dayShort(b.start),
    value: b.conversion,
    n: b.entered,
  }));
  const markers = notes.flatMap((note) => {
    if (note.parentId !== null || note.target.kind !== "date") return [];
    const at = new Date(`${note.target.date}T00:00:00Z`).getTime();
    const bucket = overTime.buckets.find(
      (b) => at >= b.start.getTime() && at < b.start.getTime() + size,
    );
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
        points={points}
        format={f.percent}
        formatNumber={f.integer}
        labels={{ value: t("conversion"), sampleSize: t("entered"), noData: "—" }}
        domain={[0, 1]}
        ariaLabel={t("title")}
        markers={markers}
        height={240}
      />
    </section>
  );
}
