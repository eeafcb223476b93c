import { z } from "zod";
import { coded, type TCodedMessage } from "./messages";
import { ZText } from "./text";

export const PERSONA_RULE_OPERATORS = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "in",
  "contains",
  "exists",
] as const;

/** A customer attribute name as rules name it (age, city, preferred_device). */
export const PERSONA_ATTRIBUTE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const ZScalar = z.union([ZText().max(200), z.number(), z.boolean()]);

export const ZPersonaConditionSchema = z.object({
  attribute: z
    .string()
    .regex(PERSONA_ATTRIBUTE_PATTERN, "must be an attribute name such as age or city"),
  operator: z.enum(PERSONA_RULE_OPERATORS),
  value: z.union([ZScalar, z.array(ZScalar).max(100)]).optional(),
});

/** Rules over customer attributes that assign customers to a persona. */
export const ZPersonaRulesSchema = z.object({
  match: z.enum(["all", "any"]),
  conditions: z.array(ZPersonaConditionSchema).max(20),
});

export type TPersonaCondition = z.infer<typeof ZPersonaConditionSchema>;
export type TPersonaRules = z.infer<typeof ZPersonaRulesSchema>;

/** Why a condition's value cannot be compared with what an attribute holds. */
export type TConditionTypeProblem =
  | { kind: "notANumber"; value: string }
  | { kind: "notABoolean"; value: string }
  | { kind: "booleanOrdered" };

const ORDERED = new Set<TPersonaCondition["operator"]>(["gt", "gte", "lt", "lte"]);

/**
 * A value checked against the JSON types seen for its attribute (`types`, as the attributes
 * listing gives them). An attribute seen only as numbers never matches "more than banana", and
 * one seen only as true/false never matches "is 3": such a condition is refused rather than
 * saved to match nobody. Attributes not seen yet, or seen with several types, are not checked.
 */
export function conditionTypeProblem(
  condition: TPersonaCondition,
  types: readonly string[],
): TConditionTypeProblem | null {
  if (condition.operator === "exists" || condition.operator === "contains") return null;
  const scalars = types.filter(
    (type) => type === "string" || type === "number" || type === "boolean",
  );
  if (scalars.length !== 1) return null;
  const [only] = scalars;
  const values = Array.isArray(condition.value)
    ? condition.value
    : condition.value === undefined
      ? []
      : [condition.value];
  if (only === "number") {
    const bad = values.find((v) => typeof v !== "number");
    return bad === undefined ? null : { kind: "notANumber", value: String(bad) };
  }
  if (only === "boolean") {
    if (ORDERED.has(condition.operator)) return { kind: "booleanOrdered" };
    const bad = values.find((v) => typeof v !== "boolean");
    return bad === undefined ? null : { kind: "notABoolean", value: String(bad) };
  }
  return null;
}

/** The problem by code (the server's message catalogue): English for the API, the reader's language in the app. */
export function conditionTypeProblemMessage(
  index: number,
  condition: TPersonaCondition,
  problem: TConditionTypeProblem,
): TCodedMessage {
  const which = { position: index + 1, attribute: condition.attribute };
  switch (problem.kind) {
    case "notANumber":
      return coded("ruleNotANumber", { ...which, value: problem.value });
    case "notABoolean":
      return coded("ruleNotABoolean", { ...which, value: problem.value });
    case "booleanOrdered":
      return coded("ruleBooleanOrdered", which);
  }
}
