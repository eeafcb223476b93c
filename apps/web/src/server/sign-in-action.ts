"use server";

import { safeCallbackPath } from "@parcours/auth";
import { SignInRefused } from "@parcours/auth/next-auth";
import { AuthError } from "next-auth";
import { signIn, signOut } from "./auth";
import { requestOrigin } from "./request-origin";

export interface TSignInState {
  error: "invalid" | "rate_limited" | "missing" | null;
  email: string;
  /** With `rate_limited`: whole minutes until another attempt may be made. */
  retryAfterMinutes?: number;
}

export async function signInAction(_previous: TSignInState, form: FormData): Promise<TSignInState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "missing", email };
  try {
    await signIn("credentials", {
      email,
      password,
      redirectTo: safeCallbackPath(form.get("callbackUrl"), await requestOrigin()),
    });
  } catch (error) {
    if (error instanceof SignInRefused && error.code === "rate_limited") {
      return {
        error: "rate_limited",
        email,
        retryAfterMinutes: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)),
      };
    }
    if (error instanceof AuthError) return { error: "invalid", email };
    // The redirect after a successful sign-in is thrown too: let Next handle it.
    throw error;
  }
  return { error: null, email };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
