import type { JourneyMap, PainPoint } from "@parcours/db/metrics";
import { describeChange } from "@parcours/ui/change";
import { useTranslations } from "next-intl";
import { useFormatters } from "~/lib/use-formatters";

/** Customers lost as shown: whole customers (a fraction of one is an artefact of the rule). */
export const shownLost = (lost: number) => Math.round(lost);

/**
 * A pain point as the sentence a reader sees, with the touchpoint's and stage's names: the
 * journey map and its PDF export say the same thing in the same words, what it costs included
 * (customers lost beyond the stage's own rate, and the revenue at risk: docs/metrics.md).
 */
export function usePainPointText(map: Pick<JourneyMap, "rows" | "stages">) {
  const t = useTranslations("journeys.map");
  const f = useFormatters();
  const touchpointName = new Map(map.rows.map((r) => [r.touchpoint, r.name]));
  const stageName = new Map(map.stages.map((s) => [s.key, s.name]));
  const impact = (p: PainPoint): string => {
    if (p.customersLost === null) return "";
    const lost = shownLost(p.customersLost);
    const customers =
      lost > 0 ? t("customersLost", { customers: f.integer(lost) }) : t("noCustomersLost");
    const revenue =
      lost > 0 && p.revenueAtRisk !== null
        ? `, ${t("revenueAtRisk", { amount: f.currency(p.revenueAtRisk) })}`
        : "";
    return ` — ${customers}${revenue}`;
  };
  const finding = (p: PainPoint): string =>
    p.kind === "low_satisfaction"
      ? t("lowSatisfaction", {
          touchpoint: touchpointName.get(p.touchpoint) ?? p.touchpoint,
          stage: stageName.get(p.stage) ?? p.stage,
          mean: f.rating(p.mean),
          n: f.integer(p.n),
        })
      : t("dropOff", {
          touchpoint: touchpointName.get(p.touchpoint) ?? p.touchpoint,
          stage: stageName.get(p.stage) ?? p.stage,
          share: f.percent(p.share),
          stageShare: f.percent(p.stageShare),
          customers: f.integer(p.customers),
        });
  return (p: PainPoint): string => `${finding(p)}${impact(p)}`;
}

export interface PainPointChange {
  /** "new" when it was no pain point of that kind in the previous period. */
  isNew: boolean;
  /** Customers lost now − then, with one sign; red when more are lost. */
  lost: { text: string; tone: "positive" | "negative" | "neutral" } | null;
  /** Mean rating now − then, with one sign; red when it fell. */
  rating: { text: string; tone: "positive" | "negative" | "neutral" } | null;
}

/**
 * A pain point's trend against the previous period of the same length, as the map's comparison
 * writes changes (describeChange: one sign, the colour by whether it is better): the customers
 * lost then and now, the rating then and now, and "new" when it was no pain point then.
 */
export function usePainPointTrend() {
  const t = useTranslations("journeys.map");
  const f = useFormatters();
  const change = (p: PainPoint): PainPointChange | null => {
    const before = p.trend;
    if (!before) return null;
    const lost =
      p.customersLost !== null && before.customersLost !== null
        ? describeChange(
            shownLost(p.customersLost) - shownLost(before.customersLost),
            f.integerChange,
            true,
          )
        : null;
    const now = p.kind === "low_satisfaction" ? p.mean : null;
    const rating =
      now !== null && before.mean !== null
        ? describeChange(now - before.mean, f.ratingChange)
        : null;
    // Null: nobody was in the stage before (the data begins later), so nothing is "new".
    return { isNew: before.wasPainPoint === false, lost, rating };
  };
  /** The same as one line of text (PDF, CSV): "previous period: +11 customers lost, rating +0.3". */
  const text = (p: PainPoint): string => {
    const c = change(p);
    if (!c) return "";
    const parts = [
      ...(c.isNew ? [t("trendNew")] : []),
      ...(c.lost ? [t("trendLost", { change: c.lost.text })] : []),
      ...(c.rating ? [t("trendRating", { change: c.rating.text })] : []),
    ];
    return parts.length === 0 ? "" : `${t("trendLabel")} ${parts.join(", ")}`;
  };
  return { change, text };
}
