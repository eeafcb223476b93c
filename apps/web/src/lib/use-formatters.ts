import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { durationParts } from "./duration";

/**
 * Every number and date the app shows, formatted for the reader's locale. Works in server and
 * client components; components from @parcours/ui receive these functions as props.
 */
export function useFormatters() {
  const format = useFormatter();
  const t = useTranslations("format");
  return useMemo(
    () => ({
      integer: (v: number) => format.number(v, "integer"),
      /** A signed change of a count (12 → +12, 0 → 0). */
      integerChange: (v: number) => format.number(v, "integerChange"),
      compact: (v: number) => format.number(v, "compact"),
      percent: (v: number) => format.number(v, "percent"),
      /** A relative change given as a ratio (0.12 → +12 %). */
      percentChange: (v: number) => format.number(v, "percentChange"),
      /** A change of a rate in percentage points (0.012 → +1.2 pts). */
      pointsChange: (v: number) => t("points", { value: format.number(v * 100, "points") }),
      currency: (v: number) => format.number(v, "currency"),
      currencyCents: (v: number) => format.number(v, "currencyCents"),
      rating: (v: number) => format.number(v, "rating"),
      ratingChange: (v: number) => format.number(v, "ratingChange"),
      duration: (seconds: number) => {
        const p = durationParts(seconds);
        return t(`duration.${p.unit}`, { d: p.d, h: p.h, m: p.m, s: p.s });
      },
      day: (date: Date) => format.dateTime(date, "day"),
      dayShort: (date: Date) => format.dateTime(date, "dayShort"),
      dayMedium: (date: Date) => format.dateTime(date, "dayMedium"),
      // Not Intl's formatRange: its spacing differs between ICU versions (server vs browser).
      dayRange: (first: Date, last: Date) =>
        t("dateRange", { from: format.dateTime(first, "day"), to: format.dateTime(last, "day") }),
    }),
    [format, t],
  );
}

export type TFormatters = ReturnType<typeof useFormatters>;
