import {
  MAX_WINDOW_SECONDS,
  overTimeBucketProblem,
  ZAnalyticsFilterSchema,
  ZFunnelParamsSchema,
} from "@parcours/validators";
import { z } from "zod";

export const ZFilterInputSchema = z.object({ filter: ZAnalyticsFilterSchema });

/** Optional: each query applies its own default window. */
export const ZWindowSchema = z.number().int().positive().max(MAX_WINDOW_SECONDS).optional();

/** `{ filter, steps (2–10), windowSeconds? }`, shared with the CLI and forms. */
export const ZFunnelInputSchema = ZFunnelParamsSchema;

/** A funnel over time: the bucket count is checked before any bucket is built. */
export const ZFunnelOverTimeInputSchema = ZFunnelInputSchema.extend({
  bucket: z.enum(["day", "week"]),
}).superRefine((input, ctx) => {
  const problem = overTimeBucketProblem(input.filter.from, input.filter.to, input.bucket);
  if (problem) ctx.addIssue({ code: "custom", path: ["bucket"], message: problem });
});
