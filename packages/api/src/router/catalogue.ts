import type { TRPCRouterRecord } from "@trpc/server";
import { viewerProcedure } from "../trpc";

export const catalogueRouter = {
  get: viewerProcedure.query(({ ctx }) => ctx.catalogue()),
} satisfies TRPCRouterRecord;
