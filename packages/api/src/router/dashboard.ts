import {
  getEmotionCurve,
  getFunnel,
  getOverviewKpis,
  getPersonaBreakdown,
  getTouchpointHeatmap,
} from "@parcours/db/metrics";
import type { TRPCRouterRecord } from "@trpc/server";

import { ZFilterInputSchema, ZFunnelInputSchema, ZWindowSchema } from "../schemas";
import { cachedMetricProcedure } from "../trpc";

export const dashboardRouter = {
  kpis: cachedMetricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      getOverviewKpis(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  funnel: cachedMetricProcedure
    .input(ZFunnelInputSchema)
    .query(async ({ ctx, input }) =>
      getFunnel(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  personas: cachedMetricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      getPersonaBreakdown(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  heatmap: cachedMetricProcedure
    .input(ZFilterInputSchema.extend({ windowSeconds: ZWindowSchema }))
    .query(async ({ ctx, input }) =>
      getTouchpointHeatmap(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  emotion: cachedMetricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      getEmotionCurve(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
