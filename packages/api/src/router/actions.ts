import { listActionOwners, listActions, updateAction } from "@parcours/db/queries";
import { ZActionUpdateSchema, ZIdSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { viewerProcedure } from "../trpc";

/**
 * A view's opportunities as actions: everyone who sees the view sees its action board; managers
 * and admins change any action, a viewer the ones they own (checked in the data layer).
 */
export const actionsRouter = {
  list: viewerProcedure
    .input(z.object({ viewId: ZIdSchema }))
    .query(({ ctx, input }) => listActions(ctx.db, ctx.user, input.viewId)),
  /** Who can own an action: the enabled users. */
  owners: viewerProcedure.query(({ ctx }) => listActionOwners(ctx.db)),
  update: viewerProcedure
    .input(ZActionUpdateSchema)
    .mutation(({ ctx, input }) => updateAction(ctx.db, ctx.user, input)),
} satisfies TRPCRouterRecord;
