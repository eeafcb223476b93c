import { resolveShareToken } from "@parcours/db/queries";
import { ZShareTokenSchema } from "@parcours/validators";
import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { sharedMetricProcedure } from "../trpc";

const NOT_FOUND = "this link does not exist, has expired or was revoked";

/**
 * What a share link opens, without signing in: that view's journey and nothing else. Every
 * procedure here takes the token and reaches only the token's view; there are no writes.
 */
export const sharedRouter = {
  journey: sharedMetricProcedure
    .input(z.object({ token: z.string().max(100), compare: z.boolean().default(false) }))
    .query(async ({ ctx, input }) => {
      const token = ZShareTokenSchema.safeParse(input.token);
      const shared = token.success ? await resolveShareToken(ctx.db, token.data) : null;
      if (!shared) throw new TRPCError({ code: "NOT_FOUND", message: NOT_FOUND });
      const { view } = shared;
      const journey = await ctx.metrics.getViewJourney(view, { compare: input.compare });
      return {
        view: {
          name: view.name,
          description: view.description,
          period: view.period,
          filters: view.filters,
          windowSeconds: view.windowSeconds,
        },
        expiresAt: shared.link.expiresAt,
        ...journey,
        comments: shared.link.comments,
        // The comments only if the sharer chose so, and never the team's email addresses.
        annotations:
          shared.link.comments === "none"
            ? []
            : journey.annotations.map((a) => ({
                ...a,
                authorEmail: "",
                authorName: shared.link.comments === "named" ? a.authorName : "",
              })),
      };
    }),
} satisfies TRPCRouterRecord;
