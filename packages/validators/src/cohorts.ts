import { z } from "zod";
import { ZKeySchema } from "./keys";
import { FROM_BEFORE_TO_ISSUE, ZBoundedCoercedDateSchema, ZIdSchema } from "./limits";
import { PERSONA_ATTRIBUTE_PATTERN } from "./persona-rules";
import { ZText } from "./text";

/**
 * Cohorts (issue 19 item 3): a named group of customers, used as a filter beside persona and
 * channel. Static: its members are stored (a drill-down list or a rule evaluated once). Dynamic:
 * a rule, evaluated again over each query's period. docs/metrics.md defines each condition.
 */
export const COHORT_KINDS = ["static", "dynamic"] as const;
export type TCohortKind = (typeof COHORT_KINDS)[number];

/** A static cohort holds at most this many customers (ClickHouse gets them inlined). */
export const MAX_COHORT_MEMBERS = 100_000;

/** "did not return within N days": N at most a year. */
export const MAX_COHORT_RETURN_DAYS = 365;

export const ZCohortConditionSchema = z.discriminatedUnion("kind", [
  /** The customer's attribute equals the value (a string, number or boolean; JSON equality). */
  z.object({
    kind: z.literal("attribute"),
    attribute: z
      .string()
      .regex(PERSONA_ATTRIBUTE_PATTERN, "must be an attribute name such as age or city"),
    value: z.union([ZText().min(1).max(200), z.number().finite(), z.boolean()]),
  }),
  /** The customer's current persona is this one (`unassigned`: none). */
  z.object({ kind: z.literal("persona"), persona: ZKeySchema }),
  /** The customer has an event at this stage in the period. */
  z.object({ kind: z.literal("reachedStage"), stage: ZKeySchema }),
  /** The customer has an event at this touchpoint in the period, rated ≤ maxRating if given. */
  z.object({
    kind: z.literal("touched"),
    touchpoint: ZKeySchema,
    maxRating: z.number().int().min(1).max(5).optional(),
  }),
  /**
   * The customer has an event in the period and none in the `days` days after the period's end
   * ([to, to + days)).
   */
  z.object({
    kind: z.literal("notReturned"),
    days: z.number().int().min(1).max(MAX_COHORT_RETURN_DAYS),
  }),
]);
export type TCohortCondition = z.infer<typeof ZCohortConditionSchema>;

/** Conditions, all of which a customer meets (AND). */
export const ZCohortRuleSchema = z.object({
  conditions: z
    .array(ZCohortConditionSchema)
    .min(1, "a rule needs at least one condition")
    .max(10, "a rule has at most 10 conditions"),
});
export type TCohortRule = z.infer<typeof ZCohortRuleSchema>;

export const ZCohortNameSchema = ZText().trim().min(1, "a cohort needs a name").max(120);

/** A cohort id, as every id: a whole number the database's integer holds. */
export const ZCohortIdSchema = ZIdSchema;

/** A period a rule is evaluated over: the query's for a dynamic cohort, the saving's for a static one. */
export const ZCohortPeriodSchema = z
  .object({ from: ZBoundedCoercedDateSchema, to: ZBoundedCoercedDateSchema })
  .refine((p) => p.from.getTime() < p.to.getTime(), { ...FROM_BEFORE_TO_ISSUE, path: ["to"] });

export const ZCohortFromRuleSchema = z.object({
  name: ZCohortNameSchema,
  kind: z.enum(COHORT_KINDS),
  rule: ZCohortRuleSchema,
  /** The period a static cohort's rule is evaluated over, once (dynamic ones take the query's). */
  period: ZCohortPeriodSchema.optional(),
});
export type TCohortFromRule = z.infer<typeof ZCohortFromRuleSchema>;

/** The CLI's and URL's text form of a rule: a JSON document (`{"conditions":[…]}`). */
export function parseCohortRule(text: string): TCohortRule {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      'the rule is not JSON; e.g. {"conditions":[{"kind":"reachedStage","stage":"purchase"}]}',
    );
  }
  return ZCohortRuleSchema.parse(parsed);
}
