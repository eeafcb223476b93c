import {
  listCustomerAttributes,
  listPersonasForAdmin,
  previewPersonaRules,
  savePersona,
  setPersonaArchived,
} from "@parcours/db/queries";
import { ZKeySchema, ZPersonaPreviewSchema, ZPersonaSaveSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { adminProcedure } from "../../trpc";

export const adminPersonasRouter = {
  list: adminProcedure.query(({ ctx }) => listPersonasForAdmin(ctx.db)),
  attributes: adminProcedure.query(({ ctx }) => listCustomerAttributes(ctx.db)),
  /** How many customers the rules would match, and get, before saving. */
  preview: adminProcedure
    .input(ZPersonaPreviewSchema)
    .query(({ ctx, input }) => previewPersonaRules(ctx.db, input)),
  save: adminProcedure
    .input(ZPersonaSaveSchema)
    .mutation(({ ctx, input }) => savePersona(ctx.db, ctx.actor, input)),
  setArchived: adminProcedure
    .input(z.object({ key: ZKeySchema, archived: z.boolean() }))
    .mutation(({ ctx, input }) => setPersonaArchived(ctx.db, ctx.actor, input.key, input.archived)),
} satisfies TRPCRouterRecord;
