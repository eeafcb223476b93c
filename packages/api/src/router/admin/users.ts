import { generatePassword, hashPassword } from "@parcours/auth";
import {
  createUser,
  listUsers,
  resetUserPassword,
  setUserDisabled,
  setUserRole,
} from "@parcours/db/queries";
import {
  ZUserCreateSchema,
  ZUserDisableSchema,
  ZUserIdSchema,
  ZUserRoleChangeSchema,
} from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adminProcedure } from "../../trpc";

export const adminUsersRouter = {
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),

  /** Returns the password once when it was generated; only its hash is stored. */
  create: adminProcedure.input(ZUserCreateSchema).mutation(async ({ ctx, input }) => {
    const password = input.password ?? generatePassword();
    const user = await createUser(ctx.db, ctx.actor, {
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(password),
    });
    return { user, generatedPassword: input.password ? null : password };
  }),

  setRole: adminProcedure
    .input(ZUserRoleChangeSchema)
    .mutation(({ ctx, input }) => setUserRole(ctx.db, ctx.actor, input.id, input.role)),

  setDisabled: adminProcedure
    .input(ZUserDisableSchema)
    .mutation(({ ctx, input }) => setUserDisabled(ctx.db, ctx.actor, input.id, input.disabled)),

  /** A new generated password, shown once; the user's sessions end. */
  resetPassword: adminProcedure.input(ZUserIdSchema).mutation(async ({ ctx, input }) => {
    const password = generatePassword();
    const user = await resetUserPassword(ctx.db, ctx.actor, input.id, await hashPassword(password));
    return { user, generatedPassword: password };
  }),
} satisfies TRPCRouterRecord;
