export type HeatmapMetric = "volume" | "satisfaction" | "conversion";
export type HeatStep = 1 | 2 | 3 | 4 | 5;

export const HEAT_STEPS: HeatStep[] = [1, 2, 3, 4, 5];

/** The scale's bounds: volume from 0 to the largest value, ratings 1–5, conversion 0–1. */
export function heatDomain(
  metric: HeatmapMetric,
  values: readonly number[],
  override?: [number, number],
): [number, number] {
  if (override) return override;
  if (metric === "satisfaction") return [1, 5];
  if (metric === "conversion") return [0, 1];
  return [0, Math.max(0, ...values)];
}

/**
 * Five equal steps over the domain. For ratings 1–5 that puts 2.6–3.4 in the middle step, so
 * the diverging scale is centred on 3. A volume of 0 gets no colour: an empty cell.
 */
export function heatStep(
  metric: HeatmapMetric,
  value: number | null,
  [low, high]: [number, number],
): HeatStep | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (metric === "volume" && value <= 0) return null;
  if (high <= low) return 5;
  const t = (value - low) / (high - low);
  const index = Math.min(4, Math.max(0, Math.floor(t * 5)));
  return HEAT_STEPS[index] ?? 5;
}

export function heatColours(metric: HeatmapMetric, step: HeatStep) {
  const scale = metric === "satisfaction" ? "div" : "seq";
  return {
    backgroundColor: `var(--heat-${scale}-${step})`,
    color: `var(--heat-${scale}-fg-${step})`,
  };
}
