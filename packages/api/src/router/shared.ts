import { viewFilter, withoutCustomers } from "@parcours/db/metrics";
import { resolveShareToken } from "@parcours/db/queries";
import { coded, ZCommentLimitSchema, ZKeySchema, ZShareTokenSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { CodedTRPCError } from "../coded-error";
import { sharedMetricProcedure, type TRPCContext } from "../trpc";

const ZToken = z.object({ token: z.string().max(100) });

/** The link and view a token opens, or 404 (unknown, expired or revoked alike). */
async function openLink(ctx: Pick<TRPCContext, "db">, token: string) {
  const parsed = ZShareTokenSchema.safeParse(token);
  const shared = parsed.success ? await resolveShareToken(ctx.db, parsed.data) : null;
  if (!shared) throw new CodedTRPCError({ code: "NOT_FOUND", message: coded("shareLinkGone") });
  return shared;
}

/** The link's view, when its sharer included the customers' comments; else 403. */
async function openCommentsLink(ctx: Pick<TRPCContext, "db">, token: string) {
  const shared = await openLink(ctx, token);
  if (!shared.link.customerComments) {
    throw new CodedTRPCError({ code: "FORBIDDEN", message: coded("shareLinkNoComments") });
  }
  return shared.view;
}

/**
 * What a share link opens, without signing in: that view's journey and nothing else. Every
 * procedure here takes the token and reaches only the token's view; there are no writes.
 */
export const sharedRouter = {
  journey: sharedMetricProcedure
    .input(ZToken.extend({ compare: z.boolean().default(false) }))
    .query(async ({ ctx, input }) => {
      const shared = await openLink(ctx, input.token);
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
        /** The customers' own comments are readable through this link (commentCounts, cellComments). */
        customerComments: shared.link.customerComments,
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
  /**
   * The touchpoint drivers for the view's period and filters, for the map's driver column:
   * aggregates only, like the map itself.
   */
  drivers: sharedMetricProcedure.input(ZToken).query(async ({ ctx, input }) => {
    const { view } = await openLink(ctx, input.token);
    const catalogue = await ctx.catalogue();
    return ctx.metrics.getDrivers({ filter: viewFilter(view, catalogue).filter, catalogue });
  }),
  /**
   * How many customers' comments each cell of the view's map holds, only when the sharer
   * included them (403 otherwise).
   */
  commentCounts: sharedMetricProcedure.input(ZToken).query(async ({ ctx, input }) => {
    const view = await openCommentsLink(ctx, input.token);
    const catalogue = await ctx.catalogue();
    return ctx.metrics.getCommentCounts({ filter: viewFilter(view, catalogue).filter, catalogue });
  }),
  /** One cell's comments, lowest-rated first, without customer or event ids; 403 without opt-in. */
  cellComments: sharedMetricProcedure
    .input(
      ZToken.extend({
        stage: ZKeySchema,
        touchpoint: ZKeySchema,
        limit: ZCommentLimitSchema,
      }),
    )
    .query(async ({ ctx, input }) => {
      const view = await openCommentsLink(ctx, input.token);
      const catalogue = await ctx.catalogue();
      return withoutCustomers(
        await ctx.metrics.getCellComments({
          filter: viewFilter(view, catalogue).filter,
          stage: input.stage,
          touchpoint: input.touchpoint,
          limit: input.limit,
          catalogue,
        }),
      );
    }),
} satisfies TRPCRouterRecord;
