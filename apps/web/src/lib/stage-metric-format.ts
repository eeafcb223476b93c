import type { TMetricKind } from "@parcours/validators";
import type { TFormatters } from "./use-formatters";

/**
 * A stage metric's value as its kind reads: counts as integers, ratio and repeat rate as a
 * percentage, revenue in the currency, a cost with its cents (€9.03 per conversion), a rating to
 * one decimal, a time as a duration.
 */
export function formatMetricValue(f: TFormatters, kind: TMetricKind, value: number): string {
  switch (kind) {
    case "events":
    case "customers":
      return f.integer(value);
    case "ratio":
    case "repeat":
      return f.percent(value);
    case "revenue":
      return f.currency(value);
    case "cost":
      return f.currencyCents(value);
    case "rating":
      return f.rating(value);
    case "time":
      return f.duration(value);
  }
}
