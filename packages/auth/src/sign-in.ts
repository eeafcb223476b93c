import type { Database } from "@parcours/db";
import {
  findUserForSignIn,
  listSignInFailures,
  normaliseEmail,
  recordSignIn,
  recordSignInFailure,
  type SignInFailure,
  type UserRow,
} from "@parcours/db/queries";
import { verifyAgainstDummy, verifyPassword } from "./password";

/**
 * How failed sign-ins slow guessing down without letting anyone lock an account's owner out.
 *
 * A lock per account (the old 5 failures in 15 minutes) let anyone shut the admin out with five
 * wrong passwords. So the account's own limits are per address, and the account-wide ones only
 * bound what all addresses together may try:
 * - an address: `perAddress` failures over all accounts, and `perAddressAndAccount` against one
 *   account, per `addressWindowMs`;
 * - an account, from all addresses together, per `accountWindowMs`: past `perAccount` failures
 *   only addresses with no failure against it in that window may still try (each then has one
 *   guess: a wrong one shuts it out too), and past `perAccountCeiling` nobody may.
 * So the owner, signing in from an address that has not failed, gets in unless an attacker has
 * spent the ceiling within the hour, which takes `perAccountCeiling − perAccount` fresh
 * addresses on top of the first failures; and guesses against one account stay under the
 * ceiling per hour however many addresses try.
 */
export interface SignInLimits {
  addressWindowMs: number;
  /** Failed attempts allowed per client address within the window, over all emails. */
  perAddress: number;
  /** Failed attempts allowed per client address against one email within the window. */
  perAddressAndAccount: number;
  accountWindowMs: number;
  /** Failures against one email (from anywhere) after which only clean addresses may try. */
  perAccount: number;
  /** Failures against one email (from anywhere) after which nobody may try. */
  perAccountCeiling: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  addressWindowMs: 15 * 60_000,
  perAddress: 30,
  perAddressAndAccount: 5,
  accountWindowMs: 60 * 60_000,
  perAccount: 20,
  perAccountCeiling: 100,
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
 * When a limit of `limit` failures per `windowMs` lifts, given the failures it counts (oldest
 * first): when few enough of them have left the window. Null when it is not reached.
 */
function liftsAt(failures: readonly SignInFailure[], limit: number, windowMs: number) {
  const earliest = failures[failures.length - limit];
  return failures.length >= limit && earliest ? earliest.at.getTime() + windowMs : null;
}

/** When the attempt may be made, in ms since the epoch, or null when it may be made now. */
function blockedUntil(failures: readonly SignInFailure[], limits: SignInLimits, now: Date) {
  const addressSince = now.getTime() - limits.addressWindowMs;
  const accountSince = now.getTime() - limits.accountWindowMs;
  const fromAddress = failures.filter((f) => f.sameIp && f.at.getTime() > addressSince);
  const againstAccount = failures.filter((f) => f.sameEmail && f.at.getTime() > accountSince);
  const pairThisHour = againstAccount.filter((f) => f.sameIp);
  const lifts = [
    liftsAt(fromAddress, limits.perAddress, limits.addressWindowMs),
    liftsAt(
      fromAddress.filter((f) => f.sameEmail),
      limits.perAddressAndAccount,
      limits.addressWindowMs,
    ),
    liftsAt(againstAccount, limits.perAccountCeiling, limits.accountWindowMs),
  ];
  const budgetSpent = liftsAt(againstAccount, limits.perAccount, limits.accountWindowMs);
  const lastOwn = pairThisHour[pairThisHour.length - 1];
  if (budgetSpent !== null && lastOwn) {
    // Free again once the account is back under budget, or this address's failures are old.
    lifts.push(Math.min(budgetSpent, lastOwn.at.getTime() + limits.accountWindowMs));
  }
  const until = lifts.filter((t): t is number => t !== null);
  return until.length > 0 ? Math.max(...until) : null;
}

/**
 * Checks an email and password. The answer never says whether the email exists: an unknown
 * email, a disabled account and a wrong password all read `invalid`, take about as long, and
 * count against the same limits (SignInLimits).
 */
export async function authenticate(
  db: Database,
  attempt: SignInAttempt,
  limits: SignInLimits = SIGN_IN_LIMITS,
  now: Date = new Date(),
): Promise<SignInResult> {
  const email = normaliseEmail(attempt.email);
  const since = new Date(now.getTime() - Math.max(limits.addressWindowMs, limits.accountWindowMs));
  const failures = await listSignInFailures(db, { email, ip: attempt.ip, since });
  const until = blockedUntil(failures, limits, now);
  if (until !== null) {
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
  await recordSignIn(db, { id: user.id, email, ip: attempt.ip });
  const { passwordHash: _secret, ...safe } = user;
  return { ok: true, user: safe };
}
