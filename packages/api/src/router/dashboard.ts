import {
  getEmotionCurve,
  getFunnel,
  getOverviewKpis,
  getPersonaBreakdown,
  getTouchpointHeatmap,
} from "@parcours/db/queries";
import type { TRPCRouterRecord } from "@trpc/server";

import { ZFilterInputSchema, ZFunnelInputSchema, ZWindowSchema } from "../schemas";
import { metricProcedure } from "../trpc";

export const dashboardRouter = {
  kpis: metricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      getOverviewKpis(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  funnel: metricProcedure
    .input(ZFunnelInputSchema)
    .query(async ({ ctx, input }) =>
      getFunnel(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  personas: metricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      getPersonaBreakdown(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  heatmap: metricProcedure
    .input(ZFilterInputSchema.extend({ windowSeconds: ZWindowSchema }))
    .query(async ({ ctx, input }) =>
      getTouchpointHeatmap(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  emotion: metricProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      getEmotionCurve(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
