import {
  getEmotionCurve,
  getFunnel,
  getOverviewKpis,
  getPersonaBreakdown,
  getTouchpointHeatmap,
} from "@parcours/db/queries";
import type { TRPCRouterRecord } from "@trpc/server";

import { ZFilterInputSchema, ZFunnelInputSchema, ZWindowSchema } from "../schemas";
import { readProcedure } from "../trpc";

export const dashboardRouter = {
  kpis: readProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      getOverviewKpis(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  funnel: readProcedure
    .input(ZFunnelInputSchema)
    .query(async ({ ctx, input }) =>
      getFunnel(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  personas: readProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      getPersonaBreakdown(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  heatmap: readProcedure
    .input(ZFilterInputSchema.extend({ windowSeconds: ZWindowSchema }))
    .query(async ({ ctx, input }) =>
      getTouchpointHeatmap(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
  emotion: readProcedure
    .input(ZFilterInputSchema)
    .query(async ({ ctx, input }) =>
      getEmotionCurve(ctx.db, { ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
