import type { TRPCRouterRecord } from "@trpc/server";
import { viewerProcedure } from "../trpc";

export const sessionRouter = {
  /** Who is signed in, for the header's account menu. */
  me: viewerProcedure.query(({ ctx }) => ({
    id: ctx.user.id,
    email: ctx.user.email,
    name: ctx.user.name,
    role: ctx.user.role,
  })),
} satisfies TRPCRouterRecord;
