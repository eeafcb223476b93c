import { z } from "zod";
import { requiredOr, ZKeySchema } from "./keys";
import { codedIssue } from "./messages";
import { ZPersonaRulesSchema } from "./persona-rules";
import { ZText } from "./text";

const lines = (what: string) =>
  z
    .array(
      ZText({ error: requiredOr("text") })
        .trim()
        .min(1, `a ${what} cannot be empty`)
        .max(200, `each ${what} has at most 200 characters`),
      { error: requiredOr(`a list of ${what}s`) },
    )
    .max(20, `at most 20 ${what}s`)
    .default([]);

/** Personas are tried by priority, 0 first; this is the last one allowed. */
export const PERSONA_MAX_PRIORITY = 10_000;

const PRIORITY_MESSAGE = `must be a whole number from 0 to ${PERSONA_MAX_PRIORITY}`;
const ZPriority = z
  .number({ error: PRIORITY_MESSAGE })
  .int(PRIORITY_MESSAGE)
  .min(0, PRIORITY_MESSAGE)
  .max(PERSONA_MAX_PRIORITY, PRIORITY_MESSAGE);

/**
 * Rules as the admin saves them: stricter than what the database accepts (seeds and imports
 * may carry older rules), every condition but `exists` needs a value.
 */
export const ZPersonaEditorRulesSchema = ZPersonaRulesSchema.superRefine((rules, ctx) => {
  rules.conditions.forEach((condition, i) => {
    if (condition.operator === "exists") return;
    const value = condition.value;
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["conditions", i, "value"],
        ...codedIssue("conditionNeedsValue", {
          position: i + 1,
          attribute: condition.attribute,
        }),
      });
    }
  });
});

/** A persona as the admin form saves it; every message names what is wrong. */
export const ZPersonaInputSchema = z.object({
  name: ZText({ error: requiredOr("text") })
    .trim()
    .min(1, "a persona needs a name")
    .max(80, "at most 80 characters"),
  description: ZText({ error: requiredOr("text") })
    .trim()
    .max(2000, "at most 2000 characters")
    .default(""),
  goals: lines("goal"),
  needs: lines("need"),
  painPoints: lines("pain point"),
  colour: z
    .string({ error: requiredOr("a colour such as #2563eb") })
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour such as #2563eb")
    .transform((c) => c.toLowerCase()),
  priority: ZPriority,
  rules: ZPersonaEditorRulesSchema,
});
export type TPersonaInput = z.infer<typeof ZPersonaInputSchema>;

/** Editing keeps the key (imports, links and saved views use it); the name may change. */
export const ZPersonaUpdateSchema = ZPersonaInputSchema.extend({ key: ZKeySchema });
export type TPersonaUpdate = z.infer<typeof ZPersonaUpdateSchema>;

export const ZPersonaKeySchema = z.object({ key: ZKeySchema });

/**
 * The rule builder's live preview. `key`: the persona being edited; a new one passes its
 * `name`, which gives the key that breaks ties between personas of equal priority.
 */
export const ZPersonaPreviewSchema = z.object({
  key: ZKeySchema.optional(),
  name: ZText().trim().max(80, "at most 80 characters").optional(),
  priority: ZPriority,
  rules: ZPersonaEditorRulesSchema,
});
export type TPersonaPreview = z.infer<typeof ZPersonaPreviewSchema>;
