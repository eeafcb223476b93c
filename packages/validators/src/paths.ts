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

/**
 * One side of a path comparison: the customers whose path (the steps after the start, keys at
 * the level; empty: no further step) is exactly `steps`, or the entrants of one persona
 * (`unassigned` for customers no rule matched).
 */
export const ZPathGroupSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("path"),
    steps: z.array(ZKeySchema).max(MAX_PATH_STEPS, `a path has at most ${MAX_PATH_STEPS} steps`),
  }),
  z.object({ kind: z.literal("persona"), persona: ZKeySchema }),
]);
export type TPathGroup = z.infer<typeof ZPathGroupSchema>;

export const ZPathCompareParamsSchema = ZPathsParamsSchema.extend({
  groups: z.tuple([ZPathGroupSchema, ZPathGroupSchema]),
}).superRefine((params, ctx) => {
  params.groups.forEach((group, i) => {
    if (group.kind === "path" && group.steps.length > params.steps) {
      ctx.addIssue({
        code: "custom",
        path: ["groups", i, "steps"],
        message: `the path has ${group.steps.length} steps, more than the ${params.steps} followed`,
      });
    }
  });
});
export type TPathCompareParams = z.input<typeof ZPathCompareParamsSchema>;

/**
 * The CLI/URL form of a side: `path:consideration>decision` (steps joined by ">" or ","),
 * `path:` (no further step) or `persona:KEY`. Throws a ZodError or an Error naming the problem.
 */
export function parsePathGroup(text: string): TPathGroup {
  if (text.startsWith("path:")) {
    const rest = text.slice("path:".length).trim();
    const steps = rest === "" ? [] : rest.split(/[>,]/).map((s) => s.trim());
    return ZPathGroupSchema.parse({ kind: "path", steps });
  }
  if (text.startsWith("persona:")) {
    return ZPathGroupSchema.parse({ kind: "persona", persona: text.slice("persona:".length) });
  }
  throw new Error(`"${text}" is not a path (path:KEY>KEY) or a persona (persona:KEY)`);
}

export function formatPathGroup(group: TPathGroup): string {
  return group.kind === "path" ? `path:${group.steps.join(">")}` : `persona:${group.persona}`;
}
