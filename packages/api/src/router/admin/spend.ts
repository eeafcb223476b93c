import { importSpend } from "@parcours/db/interchange";
import { deleteSpend, listSpendByMonth } from "@parcours/db/queries";
import { ZSpendImportSchema, ZSpendPeriodSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adminProcedure } from "../../trpc";

/**
 * Marketing spend (docs/ingestion.md, "Spend"): the CSV comes as text in the request, bounded
 * by ZSpendImportSchema (a spend file is small, and a refusal lists its bad lines at once).
 */
export const adminSpendRouter = {
  list: adminProcedure.query(({ ctx }) => listSpendByMonth(ctx.db)),
  import: adminProcedure
    .input(ZSpendImportSchema)
    .mutation(({ ctx, input }) => importSpend(ctx.db, ctx.actor, input.csv)),
  delete: adminProcedure
    .input(ZSpendPeriodSchema)
    .mutation(({ ctx, input }) => deleteSpend(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
