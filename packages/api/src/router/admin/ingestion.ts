import {
  createApiKey,
  getIngestionSettings,
  listApiKeys,
  revokeApiKey,
  setIngestionSettings,
} from "@parcours/db/queries";
import { ZApiKeyCreateSchema, ZIdSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { adminProcedure } from "../../trpc";

export const adminApiKeysRouter = {
  list: adminProcedure.query(({ ctx }) => listApiKeys(ctx.db)),
  /** The key is in the answer this once; only its hash is stored. */
  create: adminProcedure
    .input(ZApiKeyCreateSchema)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.actor, input.name)),
  revoke: adminProcedure
    .input(z.object({ id: ZIdSchema }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.actor, input.id)),
} satisfies TRPCRouterRecord;

export const adminIngestionRouter = {
  settings: adminProcedure.query(({ ctx }) => getIngestionSettings(ctx.db)),
  setSettings: adminProcedure
    .input(z.object({ autoCreateTouchpoints: z.boolean() }))
    .mutation(({ ctx, input }) => setIngestionSettings(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
