import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { isoDay, type TPeriod } from "~/filters/period";

/** The ChartFrame buttons' labels. */
export function useChartLabels() {
  const t = useTranslations("chart");
  return useMemo(
    () => ({ showTable: t("showTable"), showChart: t("showChart"), downloadCsv: t("downloadCsv") }),
    [t],
  );
}

/** `parcours-funnel-2026-05-01-2026-05-31.csv`: what, and which days (inclusive). */
export function csvFilename(what: string, period: TPeriod): string {
  return `parcours-${what}-${isoDay(period.firstDay)}-${isoDay(period.lastDay)}.csv`;
}
