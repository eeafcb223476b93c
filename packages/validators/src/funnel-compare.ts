import { z } from "zod";
import { type TAnalyticsFilter, ZFunnelParamsSchema } from "./analytics";
import { ZKeySchema } from "./keys";
import {
  FROM_BEFORE_TO_ISSUE,
  MAX_PERIOD_DAYS,
  PERIOD_TOO_LONG_ISSUE,
  spanDays,
  ZBoundedCoercedDateSchema,
} from "./limits";

/**
 * The funnel's side B (side A is the funnel as built): another period with the same filters, or
 * another segment (persona, channel and touchpoint filters) over the same period.
 */
export const ZFunnelCompareSideSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("period"),
      from: ZBoundedCoercedDateSchema,
      to: ZBoundedCoercedDateSchema,
    })
    .refine((b) => b.from.getTime() < b.to.getTime(), { ...FROM_BEFORE_TO_ISSUE, path: ["to"] })
    .refine((b) => spanDays(b.from, b.to) <= MAX_PERIOD_DAYS, {
      ...PERIOD_TOO_LONG_ISSUE,
      path: ["to"],
    }),
  z.object({
    kind: z.literal("segment"),
    /** Persona keys (`unassigned` for customers without one); none: every customer. */
    personas: z.array(ZKeySchema).max(50).optional(),
    channels: z.array(ZKeySchema).max(50).optional(),
    touchpoints: z.array(ZKeySchema).max(200).optional(),
  }),
]);
export type TFunnelCompareSide = z.infer<typeof ZFunnelCompareSideSchema>;

export const ZFunnelCompareParamsSchema = ZFunnelParamsSchema.extend({
  b: ZFunnelCompareSideSchema,
});
export type TFunnelCompareParams = z.input<typeof ZFunnelCompareParamsSchema>;

/** Side B's filter: A's filters over B's period, or A's period with B's segment filters. */
export function compareSideFilter(a: TAnalyticsFilter, b: TFunnelCompareSide): TAnalyticsFilter {
  if (b.kind === "period") return { ...a, from: b.from, to: b.to };
  const filter: TAnalyticsFilter = { from: a.from, to: a.to };
  if (b.personas?.length) filter.personas = b.personas;
  if (b.channels?.length) filter.channels = b.channels;
  if (b.touchpoints?.length) filter.touchpoints = b.touchpoints;
  return filter;
}

export const FUNNEL_COMPARE_PRESETS = ["previous", "last-year"] as const;
export type TFunnelComparePreset = (typeof FUNNEL_COMPARE_PRESETS)[number];

/** A year earlier, same UTC month, day and time (29 February becomes 1 March). */
function yearBefore(date: Date): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d;
}

/**
 * The period a preset names against [from, to): `previous` is the span of the same length that
 * ends at `from`; `last-year` is the same dates a year earlier.
 */
export function comparePresetPeriod(
  from: Date,
  to: Date,
  preset: TFunnelComparePreset,
): { from: Date; to: Date } {
  if (preset === "previous") {
    return { from: new Date(2 * from.getTime() - to.getTime()), to: new Date(from.getTime()) };
  }
  return { from: yearBefore(from), to: yearBefore(to) };
}
