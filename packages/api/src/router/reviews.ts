import {
  countUnreadReviews,
  createReviewWebhook,
  deleteReviewWebhook,
  getMyReviewSubscription,
  getReview,
  getReviewSchedule,
  listReviewInbox,
  listReviews,
  listReviewWebhooks,
  markAllReviewsRead,
  markReviewRead,
  removeReviewSchedule,
  requestReviewNow,
  setReviewSchedule,
  subscribeToReviews,
  unsubscribeFromReviews,
} from "@parcours/db/queries";
import {
  ZIdSchema,
  ZReviewScheduleInputSchema,
  ZReviewWebhookUrlSchema,
} from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { managerProcedure, viewerProcedure } from "../trpc";

/*
 * Regular reviews of a saved view (issue 18 item 3). Viewers read the reviews of views they can
 * see, subscribe themselves and keep their inbox; managers who may change a view (its owner, or
 * an admin) set its schedule and webhooks and ask for a review now.
 */

const ZView = z.object({ viewId: ZIdSchema });
const ZReview = z.object({ reviewId: ZIdSchema });

export const reviewsRouter = {
  schedule: {
    get: viewerProcedure
      .input(ZView)
      .query(({ ctx, input }) => getReviewSchedule(ctx.db, ctx.user, input.viewId)),
    set: managerProcedure
      .input(ZReviewScheduleInputSchema)
      .mutation(({ ctx, input }) => setReviewSchedule(ctx.db, ctx.user, input)),
    remove: managerProcedure
      .input(ZView)
      .mutation(({ ctx, input }) => removeReviewSchedule(ctx.db, ctx.user, input.viewId)),
  },
  subscription: {
    mine: viewerProcedure
      .input(ZView)
      .query(({ ctx, input }) => getMyReviewSubscription(ctx.db, ctx.user, input.viewId)),
    subscribe: viewerProcedure
      .input(ZView.extend({ email: z.boolean().default(false) }))
      .mutation(({ ctx, input }) =>
        subscribeToReviews(ctx.db, ctx.user, input.viewId, input.email),
      ),
    unsubscribe: viewerProcedure
      .input(ZView)
      .mutation(({ ctx, input }) => unsubscribeFromReviews(ctx.db, ctx.user, input.viewId)),
  },
  webhooks: {
    list: managerProcedure
      .input(ZView)
      .query(({ ctx, input }) => listReviewWebhooks(ctx.db, ctx.user, input.viewId)),
    /** The signing secret is in the answer this once. */
    create: managerProcedure
      .input(ZView.extend({ url: ZReviewWebhookUrlSchema }))
      .mutation(({ ctx, input }) => createReviewWebhook(ctx.db, ctx.user, input.viewId, input.url)),
    delete: managerProcedure
      .input(z.object({ id: ZIdSchema }))
      .mutation(({ ctx, input }) => deleteReviewWebhook(ctx.db, ctx.user, input.id)),
  },
  /** A review taken now (within seconds, by the review loop), whatever the schedule. */
  reviewNow: managerProcedure
    .input(ZView)
    .mutation(({ ctx, input }) => requestReviewNow(ctx.db, ctx.user, input.viewId)),
  list: viewerProcedure
    .input(ZView)
    .query(({ ctx, input }) => listReviews(ctx.db, ctx.user, input.viewId)),
  get: viewerProcedure
    .input(ZReview)
    .query(({ ctx, input }) => getReview(ctx.db, ctx.user, input.reviewId)),
  inbox: viewerProcedure
    .input(z.object({ unreadOnly: z.boolean().default(false) }).default({ unreadOnly: false }))
    .query(({ ctx, input }) => listReviewInbox(ctx.db, ctx.user, input)),
  unreadCount: viewerProcedure.query(async ({ ctx }) => ({
    count: await countUnreadReviews(ctx.db, ctx.user),
  })),
  markRead: viewerProcedure
    .input(ZReview)
    .mutation(({ ctx, input }) => markReviewRead(ctx.db, ctx.user, input.reviewId)),
  markAllRead: viewerProcedure.mutation(({ ctx }) => markAllReviewsRead(ctx.db, ctx.user)),
} satisfies TRPCRouterRecord;
