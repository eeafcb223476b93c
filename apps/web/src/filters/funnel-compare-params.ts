import {
  comparePresetPeriod,
  FUNNEL_COMPARE_PRESETS,
  type TAnalyticsFilter,
  type TFunnelCompareSide,
} from "@parcours/validators";
import { parseAsIsoDate, parseAsString, parseAsStringLiteral } from "nuqs/server";

export const FUNNEL_COMPARE_MODES = ["off", "period", "segment"] as const;
export type TFunnelCompareMode = (typeof FUNNEL_COMPARE_MODES)[number];
export const FUNNEL_COMPARE_PERIODS = [...FUNNEL_COMPARE_PRESETS, "custom"] as const;
export type TFunnelComparePeriod = (typeof FUNNEL_COMPARE_PERIODS)[number];
/** The select's value for "any" (Radix selects take no empty value). */
export const ANY = "*";

/**
 * The funnel comparison in the URL: `?cmp=period&cmpPeriod=previous` (or `last-year`, or
 * `custom&cmpFrom=2026-01-01&cmpTo=2026-01-31`, days inclusive), or
 * `?cmp=segment&cmpPersona=young&cmpChannel=web&cmpTouchpoint=…`.
 */
export const funnelCompareParsers = {
  cmp: parseAsStringLiteral(FUNNEL_COMPARE_MODES).withDefault("off"),
  cmpPeriod: parseAsStringLiteral(FUNNEL_COMPARE_PERIODS).withDefault("previous"),
  cmpFrom: parseAsIsoDate,
  cmpTo: parseAsIsoDate,
  cmpPersona: parseAsString.withDefault(ANY),
  cmpChannel: parseAsString.withDefault(ANY),
  cmpTouchpoint: parseAsString.withDefault(ANY),
};

export interface TFunnelCompareState {
  cmp: TFunnelCompareMode;
  cmpPeriod: TFunnelComparePeriod;
  cmpFrom: Date | null;
  cmpTo: Date | null;
  cmpPersona: string;
  cmpChannel: string;
  cmpTouchpoint: string;
}

const DAY_MS = 86_400_000;

/** Side B as the API takes it, or null when it is off or its custom dates are incomplete. */
export function compareSide(
  state: TFunnelCompareState,
  filter: TAnalyticsFilter,
): TFunnelCompareSide | null {
  if (state.cmp === "off") return null;
  if (state.cmp === "segment") {
    const one = (value: string) => (value && value !== ANY ? [value] : undefined);
    const personas = one(state.cmpPersona);
    const channels = one(state.cmpChannel);
    const touchpoints = one(state.cmpTouchpoint);
    return {
      kind: "segment",
      ...(personas ? { personas } : {}),
      ...(channels ? { channels } : {}),
      ...(touchpoints ? { touchpoints } : {}),
    };
  }
  if (state.cmpPeriod === "custom") {
    if (!state.cmpFrom || !state.cmpTo || state.cmpFrom.getTime() > state.cmpTo.getTime()) {
      return null;
    }
    // The URL's last day is inclusive; the API's `to` is the start of the day after.
    return { kind: "period", from: state.cmpFrom, to: new Date(state.cmpTo.getTime() + DAY_MS) };
  }
  return { kind: "period", ...comparePresetPeriod(filter.from, filter.to, state.cmpPeriod) };
}
