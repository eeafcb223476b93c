import type { EmotionSeries } from "@parcours/db/metrics";
import type { EmotionSeriesData } from "@parcours/ui/emotion-curve";
import { sameSeries } from "@parcours/ui/same-series";
import { personaDisplay } from "~/lib/persona-label";

/** "All customers" is drawn in the text colour, above the personas' palette. */
const OVERALL_COLOUR = "var(--foreground)";

function toSeries(s: EmotionSeries, label: string, colour: string): EmotionSeriesData {
  return {
    key: s.series,
    label,
    colour,
    points: s.points.map((p) => ({
      stage: p.stage,
      mean: p.satisfaction.mean,
      n: p.satisfaction.n,
      sufficient: p.satisfaction.sufficient,
    })),
  };
}

export interface EmotionChartSeries {
  /** Every persona's series (or only `persona`'s), labelled and coloured as everywhere else. */
  personas: EmotionSeriesData[];
  /** Personas whose curve is exactly the overall one: a note says so instead of a line over it. */
  asOverall: EmotionSeriesData[];
  /** What the chart draws: the overall curve, then the personas not hidden nor the same. */
  shown: EmotionSeriesData[];
}

/**
 * The emotion curve's answer as the chart's series, for the overview's section and the journey
 * map alike. Without an answer yet, nothing.
 */
export function emotionChartSeries(
  curve: { overall: EmotionSeries; personas: EmotionSeries[] } | undefined,
  labels: { overall: string; unassigned: string },
  options: { hidden: ReadonlySet<string>; persona?: string },
): EmotionChartSeries {
  if (!curve) return { personas: [], asOverall: [], shown: [] };
  const personas = curve.personas
    .map((s, i) => {
      const display = personaDisplay(
        { persona: s.series, name: s.name, colour: s.colour },
        i,
        labels.unassigned,
      );
      return toSeries(s, display.label, display.colour);
    })
    .filter((s) => !options.persona || s.key === options.persona);
  const overall = toSeries(curve.overall, labels.overall, OVERALL_COLOUR);
  // A persona that is everyone here would be drawn exactly over "All customers".
  const asOverall = personas.filter((s) => sameSeries(s, overall));
  const shown = [
    overall,
    ...personas.filter((s) => !options.hidden.has(s.key) && !asOverall.includes(s)),
  ];
  return { personas, asOverall, shown };
}
