import {
  createTouchpoint,
  getCatalogueForAdmin,
  previewConversionStage,
  previewStageReorder,
  previewTouchpointChange,
  reorderStages,
  setConversionStage,
  setStageMetrics,
  updateStage,
  updateTouchpoint,
} from "@parcours/db/queries";
import {
  ZConversionStageSchema,
  ZStageMetricsUpdateSchema,
  ZStageReorderSchema,
  ZStageUpdateSchema,
  ZTouchpointChangeSchema,
  ZTouchpointCreateSchema,
} from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adminProcedure } from "../../trpc";

/**
 * The stage and touchpoint catalogue. Every change that alters how history is counted has a
 * preview giving its effect in numbers, which the page shows before the admin confirms.
 */
export const adminCatalogueRouter = {
  get: adminProcedure.query(({ ctx }) => getCatalogueForAdmin(ctx.db)),
  updateStage: adminProcedure.input(ZStageUpdateSchema).mutation(async ({ ctx, input }) => {
    await updateStage(ctx.db, ctx.actor, input);
    return { key: input.key };
  }),
  /** A stage's measured metrics and targets (docs/metrics.md, "Stage metrics"). */
  setStageMetrics: adminProcedure
    .input(ZStageMetricsUpdateSchema)
    .mutation(async ({ ctx, input }) => {
      await setStageMetrics(ctx.db, ctx.actor, input);
      return { stage: input.stage };
    }),
  previewReorder: adminProcedure
    .input(ZStageReorderSchema)
    .query(({ ctx, input }) => previewStageReorder(ctx.db, input.keys)),
  reorderStages: adminProcedure.input(ZStageReorderSchema).mutation(async ({ ctx, input }) => {
    await reorderStages(ctx.db, ctx.actor, input.keys);
    return input;
  }),
  previewConversionStage: adminProcedure
    .input(ZConversionStageSchema)
    .query(({ ctx, input }) => previewConversionStage(ctx.db, input.key)),
  setConversionStage: adminProcedure
    .input(ZConversionStageSchema)
    .mutation(async ({ ctx, input }) => {
      await setConversionStage(ctx.db, ctx.actor, input.key);
      return input;
    }),
  previewTouchpoint: adminProcedure
    .input(ZTouchpointChangeSchema)
    .query(({ ctx, input }) => previewTouchpointChange(ctx.db, input)),
  updateTouchpoint: adminProcedure
    .input(ZTouchpointChangeSchema)
    .mutation(({ ctx, input }) => updateTouchpoint(ctx.db, ctx.actor, input)),
  createTouchpoint: adminProcedure
    .input(ZTouchpointCreateSchema)
    .mutation(async ({ ctx, input }) => {
      await createTouchpoint(ctx.db, ctx.actor, input);
      return { key: input.key };
    }),
} satisfies TRPCRouterRecord;
