import type { TMetricKind, TMetricTarget } from "@parcours/validators";
import type { TFormatters } from "./use-formatters";

/**
 * A stage metric's value in its unit: counts as integers, ratio and repeat rate as a percentage,
 * revenue in the currency, a rating to one decimal, a time as a duration.
 */
export function formatStageMetric(f: TFormatters, kind: TMetricKind, value: number): string {
  switch (kind) {
    case "events":
    case "customers":
      return f.integer(value);
    case "ratio":
    case "repeat":
      return f.percent(value);
    case "revenue":
      return f.currency(value);
    case "rating":
      return f.rating(value);
    case "time":
      return f.duration(value);
  }
}

/** "≥ 4.0", "≤ 2 d": a target with its direction, in the metric's unit. */
export function formatStageTarget(
  f: TFormatters,
  kind: TMetricKind,
  target: TMetricTarget,
): string {
  return `${target.op === "gte" ? "≥" : "≤"} ${formatStageMetric(f, kind, target.value)}`;
}
