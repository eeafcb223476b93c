import type { JourneyMap, PainPoint } from "@parcours/db/metrics";
import { useTranslations } from "next-intl";
import { useFormatters } from "~/lib/use-formatters";

/**
 * A pain point as the sentence a reader sees, with the touchpoint's and stage's names: the
 * journey map and its PDF export say the same thing in the same words, what it costs included
 * (customers lost beyond the stage's own rate, docs/metrics.md).
 */
export function usePainPointText(map: Pick<JourneyMap, "rows" | "stages">) {
  const t = useTranslations("journeys.map");
  const f = useFormatters();
  const touchpointName = new Map(map.rows.map((r) => [r.touchpoint, r.name]));
  const stageName = new Map(map.stages.map((s) => [s.key, s.name]));
  const impact = (p: PainPoint): string =>
    p.customersLost === null
      ? ""
      : ` — ${
          Math.round(p.customersLost) > 0
            ? t("customersLost", { customers: f.integer(Math.round(p.customersLost)) })
            : t("noCustomersLost")
        }`;
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
