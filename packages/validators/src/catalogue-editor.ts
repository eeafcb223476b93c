import { z } from "zod";
import { ZKeySchema } from "./keys";

export const ZStageUpdateSchema = z.object({
  key: ZKeySchema,
  name: z.string().trim().min(1, "a stage needs a name").max(80, "at most 80 characters"),
  goal: z.string().trim().max(1000, "at most 1000 characters").default(""),
  actions: z
    .array(z.string().trim().min(1).max(200, "each action has at most 200 characters"))
    .max(20, "at most 20 actions")
    .default([]),
});

export const ZStageReorderSchema = z.object({
  keys: z.array(ZKeySchema).min(1).max(50),
});

export const ZTouchpointCreateSchema = z.object({
  key: ZKeySchema,
  name: z.string().trim().min(1, "a touchpoint needs a name").max(80, "at most 80 characters"),
  channel: ZKeySchema,
  stage: ZKeySchema,
});

export const ZTouchpointChangeSchema = z.object({
  key: ZKeySchema,
  name: z.string().trim().min(1, "a touchpoint needs a name").max(80).optional(),
  channel: ZKeySchema.optional(),
  stage: ZKeySchema.optional(),
});
export type TTouchpointChange = z.infer<typeof ZTouchpointChangeSchema>;
