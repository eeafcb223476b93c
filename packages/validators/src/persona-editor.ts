import { z } from "zod";
import { ZKeySchema } from "./keys";
import { ZPersonaRulesSchema } from "./persona-rules";

const lines = (what: string) =>
  z
    .array(z.string().trim().min(1).max(200, `each ${what} has at most 200 characters`))
    .max(20, `at most 20 ${what}s`)
    .default([]);

/** A persona as the admin form saves it. */
export const ZPersonaInputSchema = z.object({
  name: z.string().trim().min(1, "a persona needs a name").max(80, "at most 80 characters"),
  description: z.string().trim().max(2000, "at most 2000 characters").default(""),
  goals: lines("goal"),
  needs: lines("need"),
  painPoints: lines("pain point"),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour such as #2563eb"),
  priority: z
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "from 0")
    .max(10_000, "to 10000"),
  rules: ZPersonaRulesSchema,
});
export type TPersonaInput = z.infer<typeof ZPersonaInputSchema>;

/** Saving: a new persona (no key) or the persona with that key. */
export const ZPersonaSaveSchema = z.object({
  key: ZKeySchema.optional(),
  persona: ZPersonaInputSchema,
});

export const ZPersonaPreviewSchema = z.object({
  key: ZKeySchema.optional(),
  priority: z.number().int().min(0).max(10_000),
  rules: ZPersonaRulesSchema,
});
