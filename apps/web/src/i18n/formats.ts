import type { Formats } from "next-intl";

/** Named formats shared by server and client components (`format.number(v, "percent")`). */
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
} satisfies Formats;
