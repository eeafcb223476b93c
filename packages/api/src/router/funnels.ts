import { compareFunnels } from "@parcours/db/metrics";
import { listBreakdownKeys } from "@parcours/db/queries";
import { ZBreakdownSchema, ZFunnelCompareParamsSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { ZFunnelInputSchema, ZFunnelOverTimeInputSchema } from "../schemas";
import { cachedMetricProcedure, customerDataProcedure, customerMetricProcedure } from "../trpc";

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
  /**
   * The funnel by persona, a customer attribute or an event property: the top values, other and
   * (none). Attribute and property values are customer data (an email would name its customer),
   * so this answers whoever may see customers.
   */
  breakdown: customerMetricProcedure
    .input(ZFunnelInputSchema.extend({ breakdown: ZBreakdownSchema }))
    .query(async ({ ctx, input }) =>
      ctx.metrics.getFunnelBreakdown({ ...input, catalogue: await ctx.catalogue() }),
    ),
  /** The attribute and property keys a breakdown may use (bounded samples of the data). */
  breakdownKeys: customerDataProcedure.query(({ ctx }) => listBreakdownKeys(ctx.db)),
  /** Time from the first step to each later one, as a histogram (bins that suit the window). */
  times: cachedMetricProcedure
    .input(ZFunnelInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getFunnelTimes({ ...input, catalogue: await ctx.catalogue() }),
    ),
  /** The funnel beside the same steps over another period or for another segment (B − A). */
  compare: cachedMetricProcedure
    .input(ZFunnelCompareParamsSchema)
    .query(async ({ ctx, input }) =>
      compareFunnels(ctx.metrics, { ...input, catalogue: await ctx.catalogue() }),
    ),
  overTime: cachedMetricProcedure
    .input(ZFunnelOverTimeInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getFunnelOverTime({ ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
