import {
  MAX_WINDOW_SECONDS,
  ZAnalyticsFilterSchema,
  ZFunnelStepSchema,
} from "@parcours/validators";
import { z } from "zod";

export const ZFilterInputSchema = z.object({ filter: ZAnalyticsFilterSchema });

export const ZWindowSchema = z.number().int().positive().max(MAX_WINDOW_SECONDS).optional();

export const ZFunnelInputSchema = z.object({
  filter: ZAnalyticsFilterSchema,
  steps: z
    .array(ZFunnelStepSchema)
    .min(2, "a funnel needs at least 2 steps")
    .max(10, "a funnel has at most 10 steps"),
  windowSeconds: ZWindowSchema,
});
