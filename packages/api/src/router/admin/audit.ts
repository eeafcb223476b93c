import { listAudit, listAuditEntityTypes } from "@parcours/db/queries";
import { ZAuditListSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adminProcedure } from "../../trpc";

export const adminAuditRouter = {
  list: adminProcedure.input(ZAuditListSchema).query(({ ctx, input }) => {
    const { cursor, ...filters } = input;
    return listAudit(ctx.db, { ...filters, before: cursor ?? undefined });
  }),
  entityTypes: adminProcedure.query(({ ctx }) => listAuditEntityTypes(ctx.db)),
} satisfies TRPCRouterRecord;
