/**
 * The app's named number and date formats (next-intl's `formats`: `format.number(v, "percent")`
 * is `Intl.NumberFormat(locale, formats.number.percent)`). The browser tests format expected
 * figures with the same options, to compare them with what a page shows.
 */
export const formats = {
  dateTime: {
    day: { day: "numeric", month: "long", year: "numeric" },
    dayShort: { day: "numeric", month: "short" },
    dayMedium: { day: "numeric", month: "short", year: "numeric" },
  },
  number: {
    integer: { maximumFractionDigits: 0 },
    integerChange: { maximumFractionDigits: 0, signDisplay: "exceptZero" },
    compact: { notation: "compact", maximumFractionDigits: 1 },
    percent: { style: "percent", maximumFractionDigits: 1 },
    percentChange: { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" },
    currency: { style: "currency", currency: "EUR", maximumFractionDigits: 0 },
    currencyCents: { style: "currency", currency: "EUR", minimumFractionDigits: 2 },
    rating: { minimumFractionDigits: 1, maximumFractionDigits: 1 },
    ratingChange: { minimumFractionDigits: 1, maximumFractionDigits: 2, signDisplay: "exceptZero" },
    points: { maximumFractionDigits: 1, signDisplay: "exceptZero" },
  },
} as const satisfies {
  dateTime: Record<string, Intl.DateTimeFormatOptions>;
  number: Record<string, Intl.NumberFormatOptions>;
};
