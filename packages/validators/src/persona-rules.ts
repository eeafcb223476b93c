import { z } from "zod";
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
