import { z } from "zod";
import {
  FIRST_STEP_EXCLUSION_ISSUE,
  firstStepExcludesNothing,
  MAX_WINDOW_SECONDS,
  ZFunnelStepSchema,
} from "./analytics";
import { ZCohortIdSchema } from "./cohorts";
import { ZKeySchema } from "./keys";
import {
  FROM_BEFORE_TO_ISSUE,
  MAX_PERIOD_DAYS,
  PERIOD_TOO_LONG_ISSUE,
  spanDays,
  ZIdSchema,
  ZIsoDaySchema,
} from "./limits";
import { ZText } from "./text";

/** The last N days a relative period may cover. */
export const MAX_RELATIVE_DAYS = 730;

export const ZViewPeriodSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("fixed"),
      from: ZIsoDaySchema,
      to: ZIsoDaySchema,
    })
    .refine((p) => p.from < p.to, { ...FROM_BEFORE_TO_ISSUE, path: ["to"] })
    .refine((p) => spanDays(new Date(p.from), new Date(p.to)) <= MAX_PERIOD_DAYS, {
      ...PERIOD_TOO_LONG_ISSUE,
      path: ["to"],
    }),
  z.object({
    kind: z.literal("relative"),
    days: z
      .number()
      .int()
      .min(1, "at least 1 day")
      .max(MAX_RELATIVE_DAYS, `at most ${MAX_RELATIVE_DAYS} days`),
  }),
]);
/** A period as saved: fixed days, or the last N days counted back from today. */
export type TViewPeriod = z.infer<typeof ZViewPeriodSchema>;

export const ZSavedViewInputSchema = z.object({
  name: ZText().trim().min(1, "a view needs a name").max(120, "at most 120 characters"),
  description: ZText().trim().max(2000, "at most 2000 characters").default(""),
  visibility: z.enum(["private", "team"]).default("private"),
  period: ZViewPeriodSchema,
  filters: z
    .object({
      personas: z.array(ZKeySchema).max(50).default([]),
      channels: z.array(ZKeySchema).max(50).default([]),
      /** A cohort's id: the view shows only its customers. */
      cohort: ZCohortIdSchema.optional(),
    })
    .default({ personas: [], channels: [] }),
  steps: z
    .array(ZFunnelStepSchema)
    .max(10, "a funnel has at most 10 steps")
    .refine(firstStepExcludesNothing, FIRST_STEP_EXCLUSION_ISSUE)
    .default([]),
  windowSeconds: z
    .number()
    .int()
    .positive()
    .max(MAX_WINDOW_SECONDS)
    .default(30 * 86_400),
});
export type TSavedViewInput = z.infer<typeof ZSavedViewInputSchema>;
/** A view's filters as saved: persona and channel keys. */
export type TViewFilters = TSavedViewInput["filters"];
/** A funnel step as saved: a stage or touchpoint key, optionally narrowed to an event type. */
export type TViewStep = TSavedViewInput["steps"][number];

export const ZAnnotationTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("view") }),
  z.object({ kind: z.literal("stage"), stage: ZKeySchema }),
  z.object({ kind: z.literal("cell"), stage: ZKeySchema, touchpoint: ZKeySchema }),
  z.object({ kind: z.literal("date"), date: ZIsoDaySchema }),
]);

/** What a comment is pinned to on the journey map. */
export type TAnnotationTarget = z.infer<typeof ZAnnotationTargetSchema>;

export const ZAnnotationInputSchema = z.object({
  viewId: ZIdSchema,
  target: ZAnnotationTargetSchema,
  body: ZText().trim().min(1, "write something first").max(5000, "at most 5000 characters"),
  kind: z.enum(["comment", "opportunity"]).default("comment"),
  parentId: ZIdSchema.optional(),
});

/**
 * What a share link shows of the view's comments: none unless the sharer chooses (comments are
 * the team's working notes), the text without its authors, or the text with their names.
 */
export const SHARE_COMMENTS = ["none", "anonymous", "named"] as const;
export type TShareComments = (typeof SHARE_COMMENTS)[number];
export const ZShareCommentsSchema = z.enum(SHARE_COMMENTS, {
  error: "comments: choose none, anonymous or named",
});

/** A share token as it appears in a link: 43 base64url characters. */
export const ZShareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "not a share token");
