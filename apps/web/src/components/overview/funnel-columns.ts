import type { ChartColumn, ChartRow } from "@parcours/ui/chart-frame";
import { CSV_HOURS, CSV_PERCENT } from "@parcours/ui/csv";
import type { FunnelChartStep } from "@parcours/ui/funnel-chart";
import { numberCell } from "~/lib/number-cell";
import type { TFormatters } from "~/lib/use-formatters";

export interface TFunnelTableStep extends FunnelChartStep {
  p90SecondsToStep: number | null;
}

type Translate = (
  key:
    | "step"
    | "customers"
    | "conversionFromPrevious"
    | "conversionOverall"
    | "dropOff"
    | "medianTime"
    | "p90Time",
) => string;

/** Table and CSV of a funnel: one row per step; the CSV has percentages and hours, rounded. */
export function funnelTable(
  steps: TFunnelTableStep[],
  t: Translate,
  f: TFormatters,
): { columns: ChartColumn[]; rows: ChartRow[] } {
  return {
    columns: [
      { key: "step", label: t("step") },
      { key: "customers", label: t("customers"), numeric: true, format: numberCell(f.integer) },
      {
        key: "conversionFromPrevious",
        label: t("conversionFromPrevious"),
        numeric: true,
        format: numberCell(f.percent),
        csv: CSV_PERCENT,
      },
      {
        key: "conversionOverall",
        label: t("conversionOverall"),
        numeric: true,
        format: numberCell(f.percent),
        csv: CSV_PERCENT,
      },
      { key: "dropOff", label: t("dropOff"), numeric: true, format: numberCell(f.integer) },
      {
        key: "medianSecondsToStep",
        label: t("medianTime"),
        numeric: true,
        format: numberCell(f.duration),
        csv: CSV_HOURS,
      },
      {
        key: "p90SecondsToStep",
        label: t("p90Time"),
        numeric: true,
        format: numberCell(f.duration),
        csv: CSV_HOURS,
      },
    ],
    rows: steps.map((step) => ({
      step: step.label,
      customers: step.customers,
      conversionFromPrevious: step.conversionFromPrevious,
      conversionOverall: step.conversionOverall,
      dropOff: step.dropOff,
      medianSecondsToStep: step.medianSecondsToStep,
      p90SecondsToStep: step.p90SecondsToStep,
    })),
  };
}
