import type { FunnelBucket } from "@parcours/db/metrics";
import type { TimeSeriesPoint } from "@parcours/ui/time-series-chart";
import type { useTranslations } from "next-intl";
import type { TFormatters } from "~/lib/use-formatters";

type Translate = ReturnType<typeof useTranslations<"metrics.overTime">>;

const DAY_MS = 86_400_000;

/** The last day a bucket covers (its `to` is exclusive). */
function lastDay(bucket: FunnelBucket): Date {
  return new Date(bucket.to.getTime() - DAY_MS);
}

/**
 * Conversion over time as the chart takes it: incomplete cohorts shaded, partial weeks and
 * days said in the tooltip; the note under the chart says from when and why.
 */
export function overTimePoints(
  buckets: FunnelBucket[],
  bucket: "day" | "week",
  windowDays: number,
  t: Translate,
  f: TFormatters,
): { points: TimeSeriesPoint[]; note: string | null; status: (b: FunnelBucket) => string } {
  const partialText = (b: FunnelBucket) =>
    bucket === "week"
      ? t("partialWeek", { from: f.dayShort(b.from), to: f.dayShort(lastDay(b)) })
      : t("partialDay");
  const points = buckets.map((b) => ({
    start: f.dayShort(b.start),
    value: b.conversion,
    n: b.entered,
    shaded: !b.complete,
    notes: [
      ...(b.partial ? [partialText(b)] : []),
      ...(b.complete ? [] : [t("incomplete", { days: windowDays })]),
    ],
  }));
  const firstIncomplete = buckets.find((b) => !b.complete);
  const note = firstIncomplete
    ? t("note", { date: f.dayShort(firstIncomplete.from), days: windowDays })
    : null;
  const status = (b: FunnelBucket) =>
    [
      b.complete ? t("statusComplete") : t("statusIncomplete"),
      ...(b.partial
        ? [t("statusPartial", { from: f.dayShort(b.from), to: f.dayShort(lastDay(b)) })]
        : []),
    ].join(", ");
  return { points, note, status };
}
