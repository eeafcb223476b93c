import {
  archivePersona,
  createPersona,
  getPersonaForAdmin,
  listCustomerAttributes,
  listPersonasForAdmin,
  previewPersonaRules,
  restorePersona,
  updatePersona,
} from "@parcours/db/queries";
import {
  ZPersonaInputSchema,
  ZPersonaKeySchema,
  ZPersonaPreviewSchema,
  ZPersonaUpdateSchema,
} from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adminProcedure } from "../../trpc";

/**
 * Personas and the rules that assign customers to them. Every write reassigns customers in the
 * same transaction and answers with the persona and how many customers moved.
 */
export const adminPersonasRouter = {
  list: adminProcedure.query(({ ctx }) => listPersonasForAdmin(ctx.db)),
  get: adminProcedure
    .input(ZPersonaKeySchema)
    .query(({ ctx, input }) => getPersonaForAdmin(ctx.db, input.key)),
  /** Attribute names with example values, for the rule builder's suggestions. */
  attributes: adminProcedure.query(({ ctx }) => listCustomerAttributes(ctx.db)),
  /** How many customers the rules would match, and get, before saving. */
  preview: adminProcedure
    .input(ZPersonaPreviewSchema)
    .query(({ ctx, input }) => previewPersonaRules(ctx.db, input)),
  create: adminProcedure
    .input(ZPersonaInputSchema)
    .mutation(({ ctx, input }) => createPersona(ctx.db, ctx.actor, input)),
  update: adminProcedure.input(ZPersonaUpdateSchema).mutation(({ ctx, input }) => {
    const { key, ...persona } = input;
    return updatePersona(ctx.db, ctx.actor, key, persona);
  }),
  archive: adminProcedure
    .input(ZPersonaKeySchema)
    .mutation(({ ctx, input }) => archivePersona(ctx.db, ctx.actor, input.key)),
  restore: adminProcedure
    .input(ZPersonaKeySchema)
    .mutation(({ ctx, input }) => restorePersona(ctx.db, ctx.actor, input.key)),
} satisfies TRPCRouterRecord;
