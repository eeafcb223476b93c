import { z } from "zod";
import { requiredOr, ZEventTypeSchema, ZKeySchema } from "./keys";
import { ZText } from "./text";

/*
 * A stage's measured metrics (docs/metrics.md, "Stage metrics"): each is one building block
 * over the period's events, optionally with a target. Stored with the stage, so the catalogue
 * document carries them.
 */

/** Which events a block counts: any of these touchpoints and any of these types (empty: all). */
export const ZMetricEventsSchema = z.object({
  touchpoints: z.array(ZKeySchema).max(50, "at most 50 touchpoints").default([]),
  types: z.array(ZEventTypeSchema).max(20, "at most 20 event types").default([]),
});
export type TMetricEvents = z.infer<typeof ZMetricEventsSchema>;

export const COUNT_KINDS = ["events", "customers"] as const;
export const ZCountSchema = z.object({
  kind: z.enum(COUNT_KINDS, { error: "must be events or customers" }),
  of: ZMetricEventsSchema,
});
export type TCount = z.infer<typeof ZCountSchema>;

export const TARGET_OPS = ["gte", "lte"] as const;
export const ZMetricTargetSchema = z.object({
  op: z.enum(TARGET_OPS, { error: "must be gte (at least) or lte (at most)" }),
  value: z
    .number({ error: requiredOr("a number") })
    .finite("must be a finite number")
    .min(-1e12, "at least -1e12")
    .max(1e12, "at most 1e12"),
});
export type TMetricTarget = z.infer<typeof ZMetricTargetSchema>;

const base = {
  key: ZKeySchema,
  name: ZText({ error: requiredOr("text") })
    .trim()
    .min(1, "a metric needs a name")
    .max(80, "at most 80 characters"),
  target: ZMetricTargetSchema.nullable().default(null),
};

export const METRIC_KINDS = [
  "events",
  "customers",
  "ratio",
  "revenue",
  "rating",
  "repeat",
  "time",
  "cost",
] as const;
export type TMetricKind = (typeof METRIC_KINDS)[number];

export const ZStageMetricSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ ...base, kind: z.literal("events"), of: ZMetricEventsSchema }),
    z.object({ ...base, kind: z.literal("customers"), of: ZMetricEventsSchema }),
    z.object({
      ...base,
      kind: z.literal("ratio"),
      numerator: ZCountSchema,
      denominator: ZCountSchema,
    }),
    z.object({ ...base, kind: z.literal("revenue"), of: ZMetricEventsSchema }),
    z.object({ ...base, kind: z.literal("rating"), of: ZMetricEventsSchema }),
    /** Customers with at least 2 events of `type` ÷ customers with at least 1. */
    z.object({ ...base, kind: z.literal("repeat"), type: ZEventTypeSchema }),
    /** Median per customer of the first `from` event to the first `to` event at or after it. */
    z
      .object({ ...base, kind: z.literal("time"), from: ZEventTypeSchema, to: ZEventTypeSchema })
      .refine((m) => m.from !== m.to, {
        path: ["to"],
        message: "the second event type must differ from the first",
      }),
    /** Spend of the channels (all when none) over the period ÷ a count (customers reached…). */
    z.object({
      ...base,
      kind: z.literal("cost"),
      channels: z.array(ZKeySchema).max(50, "at most 50 channels").default([]),
      per: ZCountSchema,
    }),
  ],
  { error: `kind must be one of ${METRIC_KINDS.join(", ")}` },
);
export type TStageMetric = z.infer<typeof ZStageMetricSchema>;

export const ZStageMetricListSchema = z
  .array(ZStageMetricSchema)
  .max(10, "at most 10 metrics per stage")
  .superRefine((metrics, ctx) => {
    const keys = metrics.map((m) => m.key);
    const repeated = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
    if (repeated.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `each metric key appears once in a stage; repeated: ${repeated.join(", ")}`,
      });
    }
  });

export const ZStageMetricsUpdateSchema = z.object({
  stage: ZKeySchema,
  metrics: ZStageMetricListSchema,
});
export type TStageMetricsUpdate = z.infer<typeof ZStageMetricsUpdateSchema>;

/** The touchpoint keys a metric names (checked against the catalogue when it is saved). */
export function metricTouchpoints(metric: TStageMetric): string[] {
  switch (metric.kind) {
    case "ratio":
      return [...metric.numerator.of.touchpoints, ...metric.denominator.of.touchpoints];
    case "cost":
      return metric.per.of.touchpoints;
    case "repeat":
    case "time":
      return [];
    default:
      return metric.of.touchpoints;
  }
}

/** The channel keys a metric names (a cost's spend; checked against the catalogue). */
export function metricChannels(metric: TStageMetric): string[] {
  return metric.kind === "cost" ? metric.channels : [];
}
