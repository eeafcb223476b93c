import { getCatalogue } from "@parcours/db/queries";
import type { TRPCRouterRecord } from "@trpc/server";
import { readProcedure } from "../trpc";

export const catalogueRouter = {
  get: readProcedure.query(({ ctx }) => getCatalogue(ctx.db)),
} satisfies TRPCRouterRecord;
