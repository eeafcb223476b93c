import { ZPathsParamsSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { cachedMetricProcedure } from "../trpc";

export const pathsRouter = {
  /** Observed paths from a stage or touchpoint: the top 20, other, and the Sankey's links. */
  observed: cachedMetricProcedure
    .input(ZPathsParamsSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getObservedPaths({ ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
