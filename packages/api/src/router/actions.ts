import { readActionMetrics, viewFilter } from "@parcours/db/metrics";
import {
  getView,
  listActionMetricChoices,
  listActionOwners,
  listActions,
  updateAction,
} from "@parcours/db/queries";
import { ZActionUpdateSchema, ZIdSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { metricProcedure, viewerProcedure } from "../trpc";

/**
 * A view's opportunities as actions: everyone who sees the view sees its action board; managers
 * and admins change any action, a viewer the ones they own (checked in the data layer).
 */
export const actionsRouter = {
  list: viewerProcedure
    .input(z.object({ viewId: ZIdSchema }))
    .query(({ ctx, input }) => listActions(ctx.db, ctx.user, input.viewId)),
  /**
   * Each action's metric around its own dates: before its planning and now, or before and after
   * its completion (an idea: now), under the view's filters.
   */
  metrics: metricProcedure.input(z.object({ viewId: ZIdSchema })).query(async ({ ctx, input }) => {
    const view = await getView(ctx.db, ctx.user, input.viewId);
    const catalogue = await ctx.catalogue();
    const actions = await listActions(ctx.db, ctx.user, input.viewId);
    return readActionMetrics(
      (filter) => ctx.metrics.getStageMetrics({ filter, catalogue }),
      viewFilter(view, catalogue).filter,
      actions,
    );
  }),
  /** Who can own an action: the enabled users. */
  owners: viewerProcedure.query(({ ctx }) => listActionOwners(ctx.db)),
  /** The stage metrics an action can aim at, with their targets. */
  metricChoices: viewerProcedure.query(({ ctx }) => listActionMetricChoices(ctx.db)),
  update: viewerProcedure
    .input(ZActionUpdateSchema)
    .mutation(({ ctx, input }) => updateAction(ctx.db, ctx.user, input)),
} satisfies TRPCRouterRecord;
