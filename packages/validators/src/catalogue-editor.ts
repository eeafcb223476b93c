import { z } from "zod";
import { requiredOr, ZKeySchema } from "./keys";
import { ZText } from "./text";

const name = (what: string) =>
  ZText({ error: requiredOr("text") })
    .trim()
    .min(1, `${what} needs a name`)
    .max(80, "at most 80 characters");

export const ZStageUpdateSchema = z.object({
  key: ZKeySchema,
  name: name("a stage"),
  goal: ZText().trim().max(1000, "at most 1000 characters").default(""),
  actions: z
    .array(
      ZText()
        .trim()
        .min(1, "an action cannot be empty")
        .max(200, "each action has at most 200 characters"),
    )
    .max(20, "at most 20 actions")
    .default([]),
});
export type TStageUpdate = z.infer<typeof ZStageUpdateSchema>;

/**
 * The whole new order, every stage key once. Whether it names exactly the catalogue's stages
 * is checked against the database (the message then lists what is missing or unknown).
 */
export const ZStageReorderSchema = z.object({
  keys: z
    .array(ZKeySchema)
    .min(1, "list every stage in the new order")
    .max(50, "at most 50 stages")
    .superRefine((keys, ctx) => {
      const repeated = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
      if (repeated.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `each stage appears once in the new order; repeated: ${repeated.join(", ")}`,
        });
      }
    }),
});
export type TStageReorder = z.infer<typeof ZStageReorderSchema>;

export const ZConversionStageSchema = z.object({ key: ZKeySchema });

export const ZTouchpointCreateSchema = z.object({
  key: ZKeySchema,
  name: name("a touchpoint"),
  channel: ZKeySchema,
  stage: ZKeySchema,
});
export type TTouchpointCreate = z.infer<typeof ZTouchpointCreateSchema>;

/** Any of name, channel and stage; the key names the touchpoint and never changes. */
export const ZTouchpointChangeSchema = z.object({
  key: ZKeySchema,
  name: name("a touchpoint").optional(),
  channel: ZKeySchema.optional(),
  stage: ZKeySchema.optional(),
});
export type TTouchpointChange = z.infer<typeof ZTouchpointChangeSchema>;
