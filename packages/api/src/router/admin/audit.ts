import { listAudit, listAuditEntityTypes } from "@parcours/db/queries";
import { ZAuditListSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adminProcedure } from "../../trpc";

export const adminAuditRouter = {
  list: adminProcedure.input(ZAuditListSchema).query(({ ctx, input }) => listAudit(ctx.db, input)),
  entityTypes: adminProcedure.query(({ ctx }) => listAuditEntityTypes(ctx.db)),
} satisfies TRPCRouterRecord;
