import { DEFAULT_BREAKDOWN_TOP } from "@parcours/validators";
import { DEFAULT_PERIOD, PERIOD_PRESETS } from "@parcours/validators/period";
import {
  createLoader,
  type inferParserType,
  parseAsArrayOf,
  parseAsBoolean,
  parseAsInteger,
  parseAsIsoDate,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";

/**
 * The URL is the state of every page: parsers shared by server components (to prefetch
 * exactly what the client will ask for) and client components (to read and update it).
 */
export { DEFAULT_PERIOD, PERIOD_PRESETS, type TPeriodPreset } from "@parcours/validators/period";

const keyList = parseAsArrayOf(parseAsString, ",").withDefault([]);

/** Global filters: `?period=custom&from=2026-05-01&to=2026-05-31&persona=a,b&channel=web`. */
export const filterParsers = {
  period: parseAsStringLiteral(PERIOD_PRESETS).withDefault(DEFAULT_PERIOD),
  /** First day of a custom period, inclusive (yyyy-MM-dd, UTC). */
  from: parseAsIsoDate,
  /** Last day of a custom period, inclusive (yyyy-MM-dd, UTC). */
  to: parseAsIsoDate,
  persona: keyList,
  channel: keyList,
  /** A cohort's id: only its customers (docs/metrics.md, "Cohorts"). */
  cohort: parseAsInteger,
};

export const HEATMAP_METRICS = ["volume", "satisfaction", "conversion"] as const;
export type THeatmapMetric = (typeof HEATMAP_METRICS)[number];

export const overviewParsers = {
  metric: parseAsStringLiteral(HEATMAP_METRICS).withDefault("volume"),
  /** The KPIs broken down by `attribute:KEY` or `property:KEY` (empty: no breakdown). */
  kpiBy: parseAsString.withDefault(""),
  /** How many of its values are shown apart; the rest are "Other". */
  kpiTop: parseAsInteger.withDefault(DEFAULT_BREAKDOWN_TOP),
};

export const FUNNEL_BUCKETS = ["day", "week"] as const;
export type TFunnelBucket = (typeof FUNNEL_BUCKETS)[number];
export const DEFAULT_WINDOW_DAYS = 30;
export const MAX_WINDOW_DAYS = 365;

/** Funnel builder: `?steps=discovery,touchpoint:web_checkout,purchase&window=30&by=persona`. */
export const funnelParsers = {
  /** Empty means "the catalogue's stages in order". */
  steps: keyList,
  window: parseAsInteger.withDefault(DEFAULT_WINDOW_DAYS),
  breakdown: parseAsBoolean.withDefault(false),
  /** A breakdown by attribute or property: `attribute:KEY`, `property:KEY` (empty: none). */
  by: parseAsString.withDefault(""),
  top: parseAsInteger.withDefault(DEFAULT_BREAKDOWN_TOP),
  bucket: parseAsStringLiteral(FUNNEL_BUCKETS).withDefault("day"),
};

export const loadFilters = createLoader(filterParsers);
export const loadOverviewParams = createLoader(overviewParsers);
export const loadFunnelParams = createLoader(funnelParsers);

export type TFilterState = inferParserType<typeof filterParsers>;
export type TFunnelState = inferParserType<typeof funnelParsers>;
