import type { Database } from "@parcours/db";
import {
  countSignInFailures,
  findUserForSignIn,
  normaliseEmail,
  recordSignIn,
  recordSignInFailure,
  type UserRow,
} from "@parcours/db/queries";
import { verifyAgainstDummy, verifyPassword } from "./password";

export interface SignInLimits {
  windowMs: number;
  /** Failed attempts allowed per email (existing or not) within the window. */
  perAccount: number;
  /** Failed attempts allowed per client address within the window, over all emails. */
  perIp: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perIp: 30,
};

export type SignInResult =
  | { ok: true; user: UserRow }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address, for the per-address limit. */
  ip: string;
}

/**
 * Checks an email and password. The answer never says whether the email exists: an unknown
 * email, a disabled account and a wrong password all read `invalid`, take about as long, and
 * count against the same limits.
 */
export async function authenticate(
  db: Database,
  attempt: SignInAttempt,
  limits: SignInLimits = SIGN_IN_LIMITS,
  now: Date = new Date(),
): Promise<SignInResult> {
  const email = normaliseEmail(attempt.email);
  const since = new Date(now.getTime() - limits.windowMs);
  const failures = await countSignInFailures(db, { email, ip: attempt.ip, since });
  const blockedUntil = [
    failures.byEmail >= limits.perAccount ? failures.oldestByEmail : null,
    failures.byIp >= limits.perIp ? failures.oldestByIp : null,
  ]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime() + limits.windowMs);
  if (blockedUntil.length > 0) {
    const until = Math.max(...blockedUntil);
    return {
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)),
    };
  }

  const user = await findUserForSignIn(db, email);
  const valid =
    user && user.disabledAt === null
      ? await verifyPassword(user.passwordHash, attempt.password)
      : await verifyAgainstDummy(attempt.password);
  if (!user || !valid || user.disabledAt !== null) {
    await recordSignInFailure(db, { email, ip: attempt.ip, at: now, pruneBefore: since });
    return { ok: false, reason: "invalid" };
  }
  await recordSignIn(db, user.id, email);
  const { passwordHash: _secret, ...safe } = user;
  return { ok: true, user: safe };
}
