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
    .query(({ ctx, input }) => getOverviewKpis(ctx.db, input)),
  funnel: readProcedure
    .input(ZFunnelInputSchema)
    .query(({ ctx, input }) => getFunnel(ctx.db, input)),
  personas: readProcedure
    .input(ZFilterInputSchema)
    .query(({ ctx, input }) => getPersonaBreakdown(ctx.db, input)),
  heatmap: readProcedure
    .input(ZFilterInputSchema.extend({ windowSeconds: ZWindowSchema }))
    .query(({ ctx, input }) => getTouchpointHeatmap(ctx.db, input)),
  emotion: readProcedure
    .input(ZFilterInputSchema)
    .query(({ ctx, input }) => getEmotionCurve(ctx.db, input)),
} satisfies TRPCRouterRecord;
