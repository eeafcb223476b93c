import "server-only";

import type { Role } from "@parcours/auth";
import { hasRole } from "@parcours/auth";
import { createAuthConfig } from "@parcours/auth/next-auth";
import { getDatabase } from "@parcours/db";
import { getSessionUser, type UserRow } from "@parcours/db/queries";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import NextAuth from "next-auth";
import { cache } from "react";
import { env } from "~/env";

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...createAuthConfig({
    getDb: async () => (await getDatabase()).db,
    trustedProxies: env.TRUSTED_PROXIES,
  }),
  // env.ts refuses to start in production without a secret; development uses a fixed one.
  secret: env.AUTH_SECRET ?? "parcours-development-secret-not-for-production-use",
});

export type CurrentUser = Pick<UserRow, "id" | "email" | "name" | "role">;

/**
 * The signed-in user, checked against the database once per request: a session whose user was
 * disabled, or whose role or password changed since it was issued, reads as signed out.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  if (!session?.uid || !session.sessionVersion) return null;
  const { db } = await getDatabase();
  const user = await getSessionUser(db, session.uid, session.sessionVersion);
  return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
});

/** The path and query of the current page, for the sign-in page to come back to. */
async function currentPath(): Promise<string> {
  const path = (await headers()).get("x-parcours-path");
  return path?.startsWith("/") && !path.startsWith("//") ? path : "/";
}

/** Sends anonymous visitors to the sign-in page, then back here. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(await currentPath())}`);
  return user;
}

/** The user if they hold `role`, null if signed in without it (the page shows "no access"). */
export async function userWithRole(role: Role): Promise<CurrentUser | null> {
  const user = await requireUser();
  return hasRole(user.role, role) ? user : null;
}
