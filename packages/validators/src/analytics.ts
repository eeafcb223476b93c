import { z } from "zod";
import { ZEventTypeSchema, ZKeySchema } from "./keys";
import {
  FROM_BEFORE_TO_ISSUE,
  MAX_PERIOD_DAYS,
  PERIOD_TOO_LONG_ISSUE,
  spanDays,
  ZBoundedCoercedDateSchema,
} from "./limits";

export const DEFAULT_WINDOW_SECONDS = 30 * 24 * 60 * 60;
export const MAX_WINDOW_SECONDS = 365 * 24 * 60 * 60;

/** A funnel step: a stage, or a touchpoint, optionally narrowed to one event type. */
export const ZFunnelStepSchema = z.object({
  kind: z.enum(["stage", "touchpoint"]),
  key: ZKeySchema,
  type: ZEventTypeSchema.optional(),
});
export type TFunnelStep = z.infer<typeof ZFunnelStepSchema>;

/** Parses the CLI/URL form of a step: `purchase`, `touchpoint:website`, `decision@add_to_cart`. */
export function parseFunnelStep(text: string): TFunnelStep {
  const [target = "", type] = text.split("@");
  const touchpoint = target.startsWith("touchpoint:");
  const key = touchpoint ? target.slice("touchpoint:".length) : target.replace(/^stage:/, "");
  return ZFunnelStepSchema.parse({
    kind: touchpoint ? "touchpoint" : "stage",
    key,
    ...(type === undefined ? {} : { type }),
  });
}

export function formatFunnelStep(step: TFunnelStep): string {
  const target = step.kind === "touchpoint" ? `touchpoint:${step.key}` : step.key;
  return step.type ? `${target}@${step.type}` : target;
}

/** Parses durations such as `30d`, `12h`, `90m`, `45s` or a bare number of seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*([dhms]?)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration; use e.g. 30d, 12h, 90m or 3600`);
  const unit = { d: 86400, h: 3600, m: 60, s: 1, "": 1 }[match[2] as "d" | "h" | "m" | "s" | ""];
  return Number(match[1]) * unit;
}

/** Filters shared by every aggregate: a half-open period and customer/event filters. */
export const ZAnalyticsFilterSchema = z
  .object({
    from: ZBoundedCoercedDateSchema,
    to: ZBoundedCoercedDateSchema,
    /** Persona keys; `unassigned` selects customers without a persona. */
    personas: z.array(ZKeySchema).max(50).optional(),
    channels: z.array(ZKeySchema).max(50).optional(),
    touchpoints: z.array(ZKeySchema).max(200).optional(),
  })
  .refine((f) => f.from.getTime() < f.to.getTime(), { ...FROM_BEFORE_TO_ISSUE, path: ["to"] })
  .refine((f) => spanDays(f.from, f.to) <= MAX_PERIOD_DAYS, {
    ...PERIOD_TOO_LONG_ISSUE,
    path: ["to"],
  });
export type TAnalyticsFilter = z.infer<typeof ZAnalyticsFilterSchema>;

export const ZFunnelParamsSchema = z.object({
  filter: ZAnalyticsFilterSchema,
  steps: z
    .array(ZFunnelStepSchema)
    .min(2, "a funnel needs at least 2 steps")
    .max(10, "a funnel has at most 10 steps"),
  windowSeconds: z
    .number()
    .int()
    .positive()
    .max(MAX_WINDOW_SECONDS)
    .default(DEFAULT_WINDOW_SECONDS),
});
export type TFunnelParams = z.input<typeof ZFunnelParamsSchema>;
