import {
  createTouchpoint,
  getCatalogueForAdmin,
  previewTouchpointChange,
  reorderStages,
  updateStage,
  updateTouchpoint,
} from "@parcours/db/queries";
import {
  ZStageReorderSchema,
  ZStageUpdateSchema,
  ZTouchpointChangeSchema,
  ZTouchpointCreateSchema,
} from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adminProcedure } from "../../trpc";

export const adminCatalogueRouter = {
  get: adminProcedure.query(({ ctx }) => getCatalogueForAdmin(ctx.db)),
  updateStage: adminProcedure.input(ZStageUpdateSchema).mutation(async ({ ctx, input }) => {
    await updateStage(ctx.db, ctx.actor, input);
    return { key: input.key };
  }),
  reorderStages: adminProcedure.input(ZStageReorderSchema).mutation(async ({ ctx, input }) => {
    await reorderStages(ctx.db, ctx.actor, input.keys);
    return input;
  }),
  /** The effect on history of a touchpoint change, in numbers, to show before confirming. */
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
