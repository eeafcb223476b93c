import { z } from "zod";
import { ZCohortIdSchema } from "./cohorts";
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

/** A step excludes at most this many touchpoints and this many event types. */
export const MAX_STEP_EXCLUSIONS = 5;

/**
 * What must not happen between the previous step and this one (issue 19 item 4): an event at one
 * of these touchpoints, or of one of these types, strictly between the two (docs/metrics.md).
 */
export const ZFunnelExclusionSchema = z
  .object({
    touchpoints: z
      .array(ZKeySchema)
      .max(MAX_STEP_EXCLUSIONS, `a step excludes at most ${MAX_STEP_EXCLUSIONS} touchpoints`)
      .optional(),
    types: z
      .array(ZEventTypeSchema)
      .max(MAX_STEP_EXCLUSIONS, `a step excludes at most ${MAX_STEP_EXCLUSIONS} event types`)
      .optional(),
  })
  .refine((e) => (e.touchpoints?.length ?? 0) + (e.types?.length ?? 0) > 0, {
    message: "an exclusion names at least one touchpoint or event type",
  });
export type TFunnelExclusion = z.infer<typeof ZFunnelExclusionSchema>;

/** A funnel step: a stage, or a touchpoint, optionally narrowed to one event type. */
export const ZFunnelStepSchema = z.object({
  kind: z.enum(["stage", "touchpoint"]),
  key: ZKeySchema,
  type: ZEventTypeSchema.optional(),
  exclude: ZFunnelExclusionSchema.optional(),
});
export type TFunnelStep = z.infer<typeof ZFunnelStepSchema>;

/** The first step has no previous step to exclude from: refuse rather than ignore it. */
export const FIRST_STEP_EXCLUSION_ISSUE = {
  message: "the first step cannot exclude anything: exclusions apply between two steps",
  path: [0, "exclude"],
};
export function firstStepExcludesNothing(steps: TFunnelStep[]): boolean {
  return steps[0]?.exclude === undefined;
}

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

/**
 * Adds the CLI's `--exclude STEP:KEY` (a touchpoint) and `--exclude STEP:@TYPE` (an event type)
 * to the steps, STEP counting from 1 and at least 2. Throws an Error saying what is wrong.
 */
export function withStepExclusions(steps: TFunnelStep[], specs: string[]): TFunnelStep[] {
  const result = steps.map((step) => ({ ...step }));
  for (const spec of specs) {
    const match = /^(\d+):(@?)(.*)$/.exec(spec);
    if (!match) {
      throw new Error(`"${spec}" is not STEP:TOUCHPOINT or STEP:@TYPE, e.g. 3:call_centre`);
    }
    const index = Number(match[1]) - 1;
    const step = result[index];
    if (index < 1 || !step) {
      throw new Error(
        `"${spec}": STEP is a later step's number, from 2 to ${result.length} (the first has nothing before it)`,
      );
    }
    const value = match[3] ?? "";
    const isType = match[2] === "@";
    const parsed = (isType ? ZEventTypeSchema : ZKeySchema).safeParse(value);
    if (!parsed.success) {
      throw new Error(`"${spec}": ${parsed.error.issues[0]?.message ?? "is not valid"}`);
    }
    const list = isType ? "types" : "touchpoints";
    const current = step.exclude?.[list] ?? [];
    step.exclude = {
      ...step.exclude,
      [list]: current.includes(value) ? current : [...current, value],
    };
    const checked = ZFunnelExclusionSchema.safeParse(step.exclude);
    if (!checked.success) {
      throw new Error(`step ${index + 1}: ${checked.error.issues[0]?.message ?? "is not valid"}`);
    }
  }
  return result;
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
    /** A cohort's id: only its customers (cohorts.ts). */
    cohort: ZCohortIdSchema.optional(),
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
    .max(10, "a funnel has at most 10 steps")
    .refine(firstStepExcludesNothing, FIRST_STEP_EXCLUSION_ISSUE),
  windowSeconds: z
    .number()
    .int()
    .positive()
    .max(MAX_WINDOW_SECONDS)
    .default(DEFAULT_WINDOW_SECONDS),
});
export type TFunnelParams = z.input<typeof ZFunnelParamsSchema>;

/** A funnel breakdown shows this many values at most, each its own series (issue 19 item 4). */
export const DEFAULT_BREAKDOWN_TOP = 5;
export const MAX_BREAKDOWN_TOP = 20;

/** A customer attribute or event property name, as stored in the JSON: no control characters. */
export const ZBreakdownKeySchema = z
  .string()
  .min(1, "name an attribute or property")
  .max(100, "attribute and property names have at most 100 characters")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
  .refine((key) => !/[\u0000-\u001f\u007f]/.test(key), "has a control character");

const ZBreakdownTopSchema = z
  .number()
  .int()
  .min(1, "show at least 1 value")
  .max(MAX_BREAKDOWN_TOP, `show at most ${MAX_BREAKDOWN_TOP} values`)
  .default(DEFAULT_BREAKDOWN_TOP);

/**
 * What a funnel is broken down by: the persona, a customer attribute, or an event property
 * (its value on the customer's first entry into the funnel; docs/metrics.md).
 */
const ZAttributeBreakdownSchema = z.object({
  kind: z.literal("attribute"),
  key: ZBreakdownKeySchema,
  top: ZBreakdownTopSchema,
});
const ZPropertyBreakdownSchema = z.object({
  kind: z.literal("property"),
  key: ZBreakdownKeySchema,
  top: ZBreakdownTopSchema,
});
export const ZBreakdownSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("persona") }),
  ZAttributeBreakdownSchema,
  ZPropertyBreakdownSchema,
]);
/**
 * What the overview KPIs are broken down by: a customer attribute or an event property (its
 * value on the customer's first event in the period). By persona, the overview has its own table.
 */
export const ZValueBreakdownSchema = z.discriminatedUnion("kind", [
  ZAttributeBreakdownSchema,
  ZPropertyBreakdownSchema,
]);
export type TBreakdown = z.output<typeof ZBreakdownSchema>;
export type TBreakdownInput = z.input<typeof ZBreakdownSchema>;

/** Reads the CLI/URL form: `persona`, `attribute:plan`, `property:utm_source`. */
export function parseBreakdown(text: string, top?: number): TBreakdown {
  if (text === "persona") return { kind: "persona" };
  const colon = text.indexOf(":");
  const kind = text.slice(0, colon);
  if (colon < 0 || (kind !== "attribute" && kind !== "property")) {
    throw new Error(`"${text}" is not a breakdown; use persona, attribute:NAME or property:NAME`);
  }
  return ZBreakdownSchema.parse({ kind, key: text.slice(colon + 1), top });
}

export function formatBreakdown(breakdown: TBreakdownInput): string {
  return breakdown.kind === "persona" ? "persona" : `${breakdown.kind}:${breakdown.key}`;
}
