import type { TRPCRouterRecord } from "@trpc/server";
import { readProcedure } from "../trpc";

export const catalogueRouter = {
  get: readProcedure.query(({ ctx }) => ctx.catalogue()),
} satisfies TRPCRouterRecord;
