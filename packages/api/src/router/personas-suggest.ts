import { ZPersonaSuggestInputSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { fairShareProcedure } from "../fair-share";
import { metricCacheProcedure } from "../metric-cache";
import { managerProcedure } from "../trpc";

/**
 * Personas found in the data (issue 18 item 4): managers and admins read the suggestions;
 * only admins turn one into a persona (admin.personas.create). Answered from the metric cache
 * while the data is unchanged, within the caller's fair share.
 */
export const personasRouter = {
  suggest: managerProcedure
    .concat(metricCacheProcedure())
    .concat(fairShareProcedure())
    .input(ZPersonaSuggestInputSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getPersonaSuggestions({ ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
