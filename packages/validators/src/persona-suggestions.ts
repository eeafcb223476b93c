import { z } from "zod";
import { ZAnalyticsFilterSchema } from "./analytics";

/** The bounds of "Suggest personas" (issue 18 item 4), shared by the API, the CLI and the page. */
export const SUGGEST_MIN_K = 2;
export const SUGGEST_MAX_K = 8;
export const SUGGEST_MAX_SAMPLE = 50_000;
export const SUGGEST_MIN_SAMPLE = 100;

const K_MESSAGE = `must be a whole number from ${SUGGEST_MIN_K} to ${SUGGEST_MAX_K}`;
const SAMPLE_MESSAGE = `must be a whole number from ${SUGGEST_MIN_SAMPLE} to ${SUGGEST_MAX_SAMPLE}`;
const SEED_MESSAGE = "must be a whole number from 0 to 2147483647";

export const ZPersonaSuggestInputSchema = z.object({
  filter: ZAnalyticsFilterSchema,
  /** Clusters; chosen by silhouette among 3–6 when absent. */
  k: z
    .number({ error: K_MESSAGE })
    .int(K_MESSAGE)
    .min(SUGGEST_MIN_K, K_MESSAGE)
    .max(SUGGEST_MAX_K, K_MESSAGE)
    .optional(),
  /** Customers clustered at most (a fixed-seed sample above it). */
  sampleSize: z
    .number({ error: SAMPLE_MESSAGE })
    .int(SAMPLE_MESSAGE)
    .min(SUGGEST_MIN_SAMPLE, SAMPLE_MESSAGE)
    .max(SUGGEST_MAX_SAMPLE, SAMPLE_MESSAGE)
    .optional(),
  seed: z
    .number({ error: SEED_MESSAGE })
    .int(SEED_MESSAGE)
    .min(0, SEED_MESSAGE)
    .max(2_147_483_647, SEED_MESSAGE)
    .optional(),
});
export type TPersonaSuggestInput = z.infer<typeof ZPersonaSuggestInputSchema>;
