import { createLoader, type inferParserType, parseAsStringLiteral } from "nuqs/server";

export const DRIVER_MEASURES = ["conversion", "satisfaction"] as const;
export type TDriverMeasure = (typeof DRIVER_MEASURES)[number];

/** Drivers: `?measure=satisfaction` (conversion by default). */
export const driversParsers = {
  measure: parseAsStringLiteral(DRIVER_MEASURES).withDefault("conversion"),
};

export const loadDriversParams = createLoader(driversParsers);
export type TDriversState = inferParserType<typeof driversParsers>;
