import {
  MAX_WINDOW_SECONDS,
  ZAnalyticsFilterSchema,
  ZFunnelParamsSchema,
} from "@parcours/validators";
import { z } from "zod";

export const ZFilterInputSchema = z.object({ filter: ZAnalyticsFilterSchema });

/** Optional: each query applies its own default window. */
export const ZWindowSchema = z.number().int().positive().max(MAX_WINDOW_SECONDS).optional();

/** `{ filter, steps (2–10), windowSeconds? }`, shared with the CLI and forms. */
export const ZFunnelInputSchema = ZFunnelParamsSchema;
