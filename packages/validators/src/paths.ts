import { z } from "zod";
import { DEFAULT_WINDOW_SECONDS, MAX_WINDOW_SECONDS, ZAnalyticsFilterSchema } from "./analytics";
import { ZKeySchema } from "./keys";

/** Observed paths follow at most this many steps after the start (docs/metrics.md). */
export const MAX_PATH_STEPS = 5;
export const DEFAULT_PATH_STEPS = 3;
/** Paths listed one by one; the rest are grouped as "other". */
export const TOP_PATHS = 20;

export const PATH_LEVELS = ["stage", "touchpoint"] as const;
export const ZPathLevelSchema = z.enum(PATH_LEVELS);
export type TPathLevel = z.infer<typeof ZPathLevelSchema>;

/** Where the paths start: a stage or a touchpoint. */
export const ZPathStartSchema = z.object({ kind: ZPathLevelSchema, key: ZKeySchema });
export type TPathStart = z.infer<typeof ZPathStartSchema>;

/** Parses the CLI/URL form of a start: `stage:discovery`, `touchpoint:website`, or `discovery`. */
export function parsePathStart(text: string): TPathStart {
  const touchpoint = text.startsWith("touchpoint:");
  const key = touchpoint ? text.slice("touchpoint:".length) : text.replace(/^stage:/, "");
  return ZPathStartSchema.parse({ kind: touchpoint ? "touchpoint" : "stage", key });
}

export function formatPathStart(start: TPathStart): string {
  return `${start.kind}:${start.key}`;
}

export const ZPathsParamsSchema = z.object({
  filter: ZAnalyticsFilterSchema,
  start: ZPathStartSchema,
  level: ZPathLevelSchema.default("stage"),
  steps: z
    .number()
    .int()
    .min(1, "paths follow at least 1 step")
    .max(MAX_PATH_STEPS, `paths follow at most ${MAX_PATH_STEPS} steps`)
    .default(DEFAULT_PATH_STEPS),
  windowSeconds: z
    .number()
    .int()
    .positive()
    .max(MAX_WINDOW_SECONDS)
    .default(DEFAULT_WINDOW_SECONDS),
});
export type TPathsParams = z.input<typeof ZPathsParamsSchema>;
