import type { ChartValue } from "@parcours/ui/chart-frame";

/** A table column's formatter for a number: `format` it, or a dash for an empty cell. */
export function numberCell(format: (v: number) => string): (v: ChartValue) => string {
  return (v) => (typeof v === "number" ? format(v) : "—");
}
