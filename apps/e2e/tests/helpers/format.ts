import { formats } from "@parcours/validators/formats";
import type { TLocale } from "./locale";

/**
 * Numbers as the app shows them: the app's own named formats (next-intl's `format.number(v,
 * "percent")` is `Intl.NumberFormat(locale, formats.number.percent)`), for one locale.
 */
export function formatters(locale: TLocale) {
  const n = formats.number;
  const make = (options: Intl.NumberFormatOptions) => {
    const format = new Intl.NumberFormat(locale, options);
    return (value: number) => format.format(value);
  };
  return {
    integer: make(n.integer),
    compact: make(n.compact),
    percent: make(n.percent),
    currency: make(n.currency),
    currencyCents: make(n.currencyCents),
    rating: make(n.rating),
  };
}

export type TFormatters = ReturnType<typeof formatters>;

/** A nullable number formatted, or the app's dash. */
export function orDash(value: number | null, format: (v: number) => string): string {
  return value === null ? "—" : format(value);
}

/** CSV field of a ratio written as a percentage with one decimal (0.72462 → "72.5"). */
export function csvPercent(value: number | null): string {
  return value === null ? "" : String(Number((value * 100).toFixed(1)));
}

/** CSV field of seconds written as hours with two decimals (358134 → "99.48"). */
export function csvHours(value: number | null): string {
  return value === null ? "" : String(Number((value / 3600).toFixed(2)));
}

/** CSV field of a rating or an amount, two decimals. */
export function csvTwoDecimals(value: number | null): string {
  return value === null ? "" : String(Number(value.toFixed(2)));
}
