import { ZValueBreakdownSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";

import { ZFilterInputSchema, ZFunnelInputSchema, ZWindowSchema } from "../schemas";
import { cachedMetricProcedure, customerMetricProcedure } from "../trpc";

export const dashboardRouter = {
  kpis: cachedMetricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getOverviewKpis({ ...input, catalogue: await ctx.catalogue() }),
    ),
  /**
   * The period's KPIs by a customer attribute or an event property: the top values, other and
   * (none). The values are customer data, so this answers whoever may see customers (as
   * funnels.breakdown).
   */
  kpiBreakdown: customerMetricProcedure
    .input(ZFilterInputSchema.extend({ breakdown: ZValueBreakdownSchema }))
    .query(async ({ ctx, input }) =>
      ctx.metrics.getKpiBreakdown({ ...input, catalogue: await ctx.catalogue() }),
    ),
  funnel: cachedMetricProcedure
    .input(ZFunnelInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getFunnel({ ...input, catalogue: await ctx.catalogue() }),
    ),
  personas: cachedMetricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getPersonaBreakdown({ ...input, catalogue: await ctx.catalogue() }),
    ),
  heatmap: cachedMetricProcedure
    .input(ZFilterInputSchema.extend({ windowSeconds: ZWindowSchema }))
    .query(async ({ ctx, input }) =>
      ctx.metrics.getTouchpointHeatmap({ ...input, catalogue: await ctx.catalogue() }),
    ),
  /**
   * The journey map for the filters: stage figures, cells and the pain points ranked by what
   * they cost (a persona's page lists its own frictions from it).
   */
  journeyMap: cachedMetricProcedure
    .input(ZFilterInputSchema.extend({ windowSeconds: ZWindowSchema }))
    .query(async ({ ctx, input }) =>
      // With each pain point's trend against the previous period (the persona page's frictions).
      ctx.metrics.getJourneyMap({ ...input, catalogue: await ctx.catalogue(), trend: true }),
    ),
  emotion: cachedMetricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getEmotionCurve({ ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
