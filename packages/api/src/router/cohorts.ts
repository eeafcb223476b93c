import {
  countRuleCustomers,
  createCohortFromRule,
  createStaticCohort,
  deleteCohort,
  getCohort,
  listCohorts,
  renameCohort,
} from "@parcours/db/queries";
import {
  coded,
  MAX_COHORT_MEMBERS,
  ZAnalyticsFilterSchema,
  ZCohortFromRuleSchema,
  ZCohortIdSchema,
  ZCohortNameSchema,
  ZCohortPeriodSchema,
  ZCohortRuleSchema,
  ZCustomerSourceSchema,
} from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { CodedTRPCError } from "../coded-error";
import { managerProcedure, viewerProcedure } from "../trpc";

const ZId = z.object({ id: ZCohortIdSchema });

/**
 * Cohorts (issue 19 item 3): every signed-in user sees them and filters by them; managers and
 * admins create them; their owner or an admin renames and deletes them.
 */
export const cohortsRouter = {
  list: viewerProcedure.query(({ ctx }) => listCohorts(ctx.db)),
  get: viewerProcedure.input(ZId).query(({ ctx, input }) => getCohort(ctx.db, input.id)),
  /** How many customers a rule selects over a period (the live preview while writing it). */
  preview: managerProcedure
    .input(z.object({ rule: ZCohortRuleSchema, period: ZCohortPeriodSchema }))
    .query(async ({ ctx, input }) => ({
      customers: await countRuleCustomers(ctx.db, input.rule, input.period),
    })),
  /** A dynamic cohort from a rule, or a static one (the rule evaluated once over `period`). */
  createFromRule: managerProcedure
    .input(
      ZCohortFromRuleSchema.refine((c) => c.kind === "dynamic" || c.period !== undefined, {
        message: "a static cohort from a rule needs the period to evaluate it over",
        path: ["period"],
      }),
    )
    .mutation(({ ctx, input }) => createCohortFromRule(ctx.db, ctx.user, input)),
  /** "Save as cohort" on a drill-down list: a static cohort of its customers as of now. */
  createFromList: managerProcedure
    .input(
      z.object({
        name: ZCohortNameSchema,
        filter: ZAnalyticsFilterSchema,
        source: ZCustomerSourceSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const list = await ctx.metrics.getCustomerList({
        filter: input.filter,
        source: input.source,
        catalogue: await ctx.catalogue(),
        sort: { by: "externalId", dir: "asc" },
        offset: 0,
        limit: MAX_COHORT_MEMBERS + 1,
      });
      if (list.total > MAX_COHORT_MEMBERS) {
        throw new CodedTRPCError({
          code: "BAD_REQUEST",
          message: coded("cohortTooLarge", {
            id: input.name,
            count: list.total,
            max: MAX_COHORT_MEMBERS,
          }),
        });
      }
      return createStaticCohort(ctx.db, ctx.user, {
        name: input.name,
        externalIds: list.rows.map((r) => r.externalId),
      });
    }),
  rename: managerProcedure
    .input(ZId.extend({ name: ZCohortNameSchema }))
    .mutation(({ ctx, input }) => renameCohort(ctx.db, ctx.user, input.id, input.name)),
  delete: managerProcedure.input(ZId).mutation(async ({ ctx, input }) => {
    await deleteCohort(ctx.db, ctx.user, input.id);
    return { id: input.id };
  }),
} satisfies TRPCRouterRecord;
