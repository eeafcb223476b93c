import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { ZFunnelInputSchema, ZFunnelOverTimeInputSchema } from "../schemas";
import { cachedMetricProcedure } from "../trpc";

export const funnelsRouter = {
  /** A funnel, and the same funnel per persona when asked for. */
  build: cachedMetricProcedure
    .input(ZFunnelInputSchema.extend({ breakdown: z.enum(["persona"]).optional() }))
    .query(async ({ ctx, input }) => {
      const params = { ...input, catalogue: await ctx.catalogue() };
      const [funnel, byPersona] = await Promise.all([
        ctx.metrics.getFunnel(params),
        input.breakdown === "persona" ? ctx.metrics.getFunnelByPersona(params) : undefined,
      ]);
      return { funnel, personas: byPersona?.personas ?? null };
    }),
  /** Time from the first step to each later one, as a histogram (bins that suit the window). */
  times: cachedMetricProcedure
    .input(ZFunnelInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getFunnelTimes({ ...input, catalogue: await ctx.catalogue() }),
    ),
  overTime: cachedMetricProcedure
    .input(ZFunnelOverTimeInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getFunnelOverTime({ ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
