import { z } from "zod";
import {
  DEFAULT_WINDOW_SECONDS,
  FIRST_STEP_EXCLUSION_ISSUE,
  firstStepExcludesNothing,
  MAX_WINDOW_SECONDS,
  ZAnalyticsFilterSchema,
  ZFunnelStepSchema,
} from "./analytics";
import { ZKeySchema } from "./keys";
import { ZBoundedCoercedDateSchema } from "./limits";
import { MAX_RETENTION_PERIODS, ZRetentionCohortSchema, ZRetentionModeSchema } from "./retention";
import { ZText } from "./text";

/** A page of the drill-down list holds at most this many customers. */
export const MAX_CUSTOMER_PAGE_SIZE = 200;
export const DEFAULT_CUSTOMER_PAGE_SIZE = 50;
/** Paging deeper than this is refused: past it the CSV download (or a narrower filter) serves. */
export const MAX_CUSTOMER_OFFSET = 100_000;
/** A CSV download holds at most this many customers; the answer says when there were more. */
export const MAX_CUSTOMER_EXPORT_ROWS = 10_000;
/** A timeline shows at most this many events (the most recent ones are kept when there are more). */
export const MAX_TIMELINE_EVENTS = 5_000;

/**
 * The figure a drill-down lists the customers of. Each is the same population its metric counts
 * (docs/metrics.md, "Drill-down"), so the list's length equals the number shown.
 */
export const ZCustomerSourceSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("funnel"),
    steps: z
      .array(ZFunnelStepSchema)
      .min(2, "a funnel needs at least 2 steps")
      .max(10, "a funnel has at most 10 steps")
      .refine(firstStepExcludesNothing, FIRST_STEP_EXCLUSION_ISSUE),
    windowSeconds: z
      .number()
      .int()
      .positive()
      .max(MAX_WINDOW_SECONDS)
      .default(DEFAULT_WINDOW_SECONDS),
    /** 0-based index of the step. */
    step: z.number().int().min(0).max(9),
    /**
     * reached: the step's count; converted: of those, who reached the next step; dropped: who
     * reached the previous step but not this one (the step's drop-off).
     */
    outcome: z.enum(["reached", "converted", "dropped"]),
  }),
  z.object({ kind: z.literal("heatmap"), touchpoint: ZKeySchema, stage: ZKeySchema }),
  z.object({ kind: z.literal("kpi"), kpi: z.enum(["customers", "converters"]) }),
  /** `persona` is a persona key or `unassigned`. */
  z.object({ kind: z.literal("persona-stage"), persona: ZKeySchema, stage: ZKeySchema }),
  /**
   * A retention cell: the customers of the cohort holding `cohortStart` (their first purchase in
   * it and in the period) with a qualifying event `period` weeks or months after it; period 0 is
   * the whole cohort (its size).
   */
  z.object({
    kind: z.literal("retention"),
    cohort: ZRetentionCohortSchema,
    mode: ZRetentionModeSchema,
    cohortStart: ZBoundedCoercedDateSchema,
    period: z
      .number()
      .int()
      .min(0, "period is 0 (the cohort) or later")
      .max(MAX_RETENTION_PERIODS, `period is at most ${MAX_RETENTION_PERIODS}`),
  }),
]);
export type TCustomerSource = z.infer<typeof ZCustomerSourceSchema>;

/** Why a funnel source names no figure, or null when it names one. */
export function funnelSourceProblem(
  source: TCustomerSource,
): { path: string; message: string } | null {
  if (source.kind !== "funnel") return null;
  const n = source.steps.length;
  if (source.step >= n) {
    return {
      path: "step",
      message: `step is 0-based and this funnel has ${n} steps (0 to ${n - 1})`,
    };
  }
  if (source.outcome === "dropped" && source.step === 0) {
    return { path: "outcome", message: "nobody drops at the first step: choose step 1 or later" };
  }
  if (source.outcome === "converted" && source.step === n - 1) {
    return { path: "outcome", message: "the last step has no next step to convert to" };
  }
  return null;
}

export const CUSTOMER_SORT_KEYS = [
  "externalId",
  "firstSeen",
  "lastSeen",
  "events",
  "revenue",
  "rating",
] as const;
export type TCustomerSortKey = (typeof CUSTOMER_SORT_KEYS)[number];

export const ZCustomerSortSchema = z.object({
  by: z.enum(CUSTOMER_SORT_KEYS),
  dir: z.enum(["asc", "desc"]),
});
export type TCustomerSort = z.infer<typeof ZCustomerSortSchema>;

const withFunnelCheck = <T extends { source: TCustomerSource }>(input: T, ctx: z.RefinementCtx) => {
  const problem = funnelSourceProblem(input.source);
  if (problem)
    ctx.addIssue({ code: "custom", path: ["source", problem.path], message: problem.message });
};

/** The drill-down list: the filter of the page, the figure clicked, a sort and a page. */
export const ZCustomerListParamsSchema = z
  .object({
    filter: ZAnalyticsFilterSchema,
    source: ZCustomerSourceSchema,
    sort: ZCustomerSortSchema.default({ by: "lastSeen", dir: "desc" }),
    offset: z.number().int().min(0).max(MAX_CUSTOMER_OFFSET).default(0),
    limit: z.number().int().min(1).max(MAX_CUSTOMER_PAGE_SIZE).default(DEFAULT_CUSTOMER_PAGE_SIZE),
  })
  .superRefine(withFunnelCheck);
export type TCustomerListParams = z.input<typeof ZCustomerListParamsSchema>;

/** The whole list for a CSV download, bounded by MAX_CUSTOMER_EXPORT_ROWS. */
export const ZCustomerExportParamsSchema = z
  .object({
    filter: ZAnalyticsFilterSchema,
    source: ZCustomerSourceSchema,
    sort: ZCustomerSortSchema.default({ by: "lastSeen", dir: "desc" }),
  })
  .superRefine(withFunnelCheck);

/**
 * A customer's external id, as stored (1–200 characters): text PostgreSQL can hold, so that a
 * NUL or half a surrogate pair is a 400 naming it rather than a database error.
 */
export const ZExternalIdSchema = ZText()
  .min(1, "a customer id is at least 1 character")
  .max(200, "a customer id is at most 200 characters");
