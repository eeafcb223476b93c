import { viewFilter } from "@parcours/db/metrics";
import {
  addAnnotation,
  createShareLink,
  createView,
  deleteView,
  duplicateView,
  getView,
  listShareLinks,
  listViews,
  revokeShareLink,
  setAnnotationResolved,
  updateView,
} from "@parcours/db/queries";
import {
  ZAnnotationInputSchema,
  ZBoundedDateSchema,
  ZCommentLimitSchema,
  ZIdSchema,
  ZKeySchema,
  ZSavedViewInputSchema,
  ZShareCommentsSchema,
  ZText,
} from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { fairShareProcedure } from "../fair-share";
import { managerProcedure, metricProcedure, viewerProcedure } from "../trpc";

const ZId = z.object({ id: ZIdSchema });

/**
 * Customers' comments are personal data: managers and admins read them, viewers never (a
 * share link does not reach them either), within the fair share as the figures are.
 */
const commentsProcedure = managerProcedure.concat(fairShareProcedure());

export const viewsRouter = {
  list: viewerProcedure
    .input(z.object({ search: ZText().trim().max(200).optional() }).default({}))
    .query(({ ctx, input }) => listViews(ctx.db, ctx.user, input)),
  get: viewerProcedure.input(ZId).query(({ ctx, input }) => getView(ctx.db, ctx.user, input.id)),
  /** The journey map of a view, optionally with the previous period for comparison. */
  journey: metricProcedure
    .input(ZId.extend({ compare: z.boolean().default(false) }))
    .query(async ({ ctx, input }) =>
      ctx.metrics.getViewJourney(await getView(ctx.db, ctx.user, input.id), {
        compare: input.compare,
      }),
    ),
  /** How many feedback comments each cell of the view's map holds, in its period and filters. */
  commentCounts: commentsProcedure.input(ZId).query(async ({ ctx, input }) => {
    const view = await getView(ctx.db, ctx.user, input.id);
    const catalogue = await ctx.catalogue();
    return ctx.metrics.getCommentCounts({
      filter: viewFilter(view, catalogue).filter,
      catalogue,
    });
  }),
  /** One cell's comments, lowest-rated first, and the words that stand out in them. */
  cellComments: commentsProcedure
    .input(
      ZId.extend({
        stage: ZKeySchema,
        touchpoint: ZKeySchema,
        limit: ZCommentLimitSchema,
      }),
    )
    .query(async ({ ctx, input }) => {
      const view = await getView(ctx.db, ctx.user, input.id);
      const catalogue = await ctx.catalogue();
      return ctx.metrics.getCellComments({
        filter: viewFilter(view, catalogue).filter,
        stage: input.stage,
        touchpoint: input.touchpoint,
        limit: input.limit,
        catalogue,
      });
    }),
  create: managerProcedure
    .input(ZSavedViewInputSchema)
    .mutation(({ ctx, input }) => createView(ctx.db, ctx.user, input)),
  update: managerProcedure
    .input(ZId.extend({ view: ZSavedViewInputSchema }))
    .mutation(({ ctx, input }) => updateView(ctx.db, ctx.user, input.id, input.view)),
  duplicate: managerProcedure
    .input(ZId)
    .mutation(({ ctx, input }) => duplicateView(ctx.db, ctx.user, input.id)),
  delete: managerProcedure.input(ZId).mutation(async ({ ctx, input }) => {
    await deleteView(ctx.db, ctx.user, input.id);
    return { id: input.id };
  }),

  shareLinks: managerProcedure
    .input(ZId)
    .query(({ ctx, input }) => listShareLinks(ctx.db, ctx.user, input.id)),
  /** The token is in the answer this once; only its hash is stored. */
  createShareLink: managerProcedure
    .input(
      ZId.extend({
        expiresAt: ZBoundedDateSchema.nullable().default(null),
        comments: ZShareCommentsSchema.default("none"),
        /** The customers' own feedback comments (personal data): only when the sharer opts in. */
        customerComments: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) =>
      createShareLink(
        ctx.db,
        ctx.user,
        input.id,
        input.expiresAt,
        input.comments,
        input.customerComments,
      ),
    ),
  revokeShareLink: managerProcedure
    .input(ZId)
    .mutation(({ ctx, input }) => revokeShareLink(ctx.db, ctx.user, input.id)),

  /** Viewers comment too. */
  annotate: viewerProcedure.input(ZAnnotationInputSchema).mutation(({ ctx, input }) => {
    const { viewId, ...rest } = input;
    return addAnnotation(ctx.db, ctx.user, viewId, rest);
  }),
  setResolved: viewerProcedure
    .input(ZId.extend({ resolved: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await setAnnotationResolved(ctx.db, ctx.user, input.id, input.resolved);
      return input;
    }),
} satisfies TRPCRouterRecord;
