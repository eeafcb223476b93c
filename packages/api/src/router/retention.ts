import { ZRetentionParamsSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { cachedMetricProcedure } from "../trpc";

export const retentionRouter = {
  /** Repeat behaviour by cohort of first purchase: the table and the average curve. */
  cohorts: cachedMetricProcedure
    .input(ZRetentionParamsSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getRetention({ ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
