import type { TRPCRouterRecord } from "@trpc/server";
import { ZFilterInputSchema } from "../schemas";
import { cachedMetricProcedure } from "../trpc";

export const driversRouter = {
  /** Per touchpoint, conversion and satisfaction with and without it, with 95% intervals. */
  touchpoints: cachedMetricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getDrivers({ ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
