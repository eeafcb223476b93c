import { createUser, getSessionUser, setUserDisabled } from "@parcours/db/queries";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../src/password";
import { authenticate, type SignInLimits } from "../src/sign-in";

/** Small numbers, the same shape as SIGN_IN_LIMITS. */
const LIMITS: SignInLimits = {
  addressWindowMs: 15 * 60_000,
  perAddress: 6,
  perAddressAndAccount: 3,
  accountWindowMs: 60 * 60_000,
  perAccount: 5,
  perAccountCeiling: 8,
};
const T = new Date("2026-01-05T10:00:00Z");
const minutes = (n: number) => new Date(T.getTime() + n * 60_000);
const actor = { id: null, email: "test" };

describe.each(TEST_TARGETS)("authenticate on %s", (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    const passwordHash = await hashPassword("right password 1");
    for (const email of [
      "ana@example.com",
      "ben@example.com",
      "cleo@example.com",
      "dan@example.com",
    ]) {
      await createUser(t.db, actor, { email, role: "manager", passwordHash });
    }
  });
  afterAll(() => t.cleanup());

  it("accepts the right password, whatever the case and spaces of the email", async () => {
    const result = await authenticate(
      t.db,
      { email: "  Ana@Example.COM ", password: "right password 1", ip: "10.0.0.1" },
      LIMITS,
      T,
    );
    expect(result).toMatchObject({ ok: true, user: { email: "ana@example.com", role: "manager" } });
    expect(result.ok && "passwordHash" in result.user).toBe(false);
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const wrong = await authenticate(
      t.db,
      { email: "ana@example.com", password: "wrong", ip: "10.0.0.2" },
      LIMITS,
      T,
    );
    const unknown = await authenticate(
      t.db,
      { email: "nobody@example.com", password: "wrong", ip: "10.0.0.2" },
      LIMITS,
      T,
    );
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
  });

  const attempt = (email: string, password: string, ip: string, at: Date) =>
    authenticate(t.db, { email, password, ip }, LIMITS, at);
  const invalid = { ok: false, reason: "invalid" };
  const limited = (seconds: number) => ({
    ok: false,
    reason: "rate_limited",
    retryAfterSeconds: seconds,
  });

  it("the reported lockout: failures from one address do not lock the owner out from another", async () => {
    const ben = "ben@example.com";
    for (let i = 0; i < 3; i++) {
      expect(await attempt(ben, `wrong ${i}`, "10.0.1.1", minutes(i))).toEqual(invalid);
    }
    // 3 failures from 10.0.1.1 at 0, 1 and 2 min: that address waits for the first to be 15
    // minutes old, even with the right password.
    expect(await attempt(ben, "right password 1", "10.0.1.1", minutes(5))).toEqual(
      limited(10 * 60),
    );
    // The owner, from an address with no failures, gets in at once.
    expect(await attempt(ben, "right password 1", "10.0.1.2", minutes(5))).toMatchObject({
      ok: true,
    });
    // At 15 min the first failure has left the window: 10.0.1.1 may try again.
    expect(await attempt(ben, "right password 1", "10.0.1.1", minutes(15))).toMatchObject({
      ok: true,
    });
  });

  it("past 5 failures in the hour from all addresses, addresses that failed wait and fresh ones have one try", async () => {
    const cleo = "cleo@example.com";
    // 2 + 2 + 1 failures from three addresses, none at its own limit of 3.
    const spread = ["10.0.2.1", "10.0.2.1", "10.0.2.2", "10.0.2.2", "10.0.2.3"];
    for (const [i, ip] of spread.entries()) {
      expect(await attempt(cleo, "wrong", ip, minutes(i))).toEqual(invalid);
    }
    // The hourly budget of 5 is spent. 10.0.2.3 failed at 4 min; the account is back under
    // budget when its first failure (0 min) is an hour old: 10.0.2.3 waits until then, 60 min.
    expect(await attempt(cleo, "right password 1", "10.0.2.3", minutes(10))).toEqual(
      limited(50 * 60),
    );
    // A fresh address with the right password still gets in.
    expect(await attempt(cleo, "right password 1", "10.0.2.9", minutes(10))).toMatchObject({
      ok: true,
    });
    // A fresh address has one guess: wrong, it waits like the others.
    expect(await attempt(cleo, "wrong", "10.0.2.4", minutes(11))).toEqual(invalid);
    expect(await attempt(cleo, "wrong again", "10.0.2.4", minutes(12))).toMatchObject({
      reason: "rate_limited",
    });
    // At 61 min the first two failures (0 and 1 min) are over an hour old: 4 remain, under
    // budget, so every address may try again.
    expect(await attempt(cleo, "right password 1", "10.0.2.3", minutes(61))).toMatchObject({
      ok: true,
    });
  });

  it("guesses against one account from all addresses together stop at 8 an hour, the right password too", async () => {
    const dan = "dan@example.com";
    // A botnet: one wrong password from each of 8 addresses, a minute apart.
    for (let i = 0; i < 8; i++) {
      expect(await attempt(dan, `guess ${i}`, `10.0.3.${i + 1}`, minutes(i))).toEqual(invalid);
    }
    // The ceiling: nobody may try until the first failure (0 min) is an hour old.
    expect(await attempt(dan, "guess 9", "10.0.3.99", minutes(20))).toEqual(limited(40 * 60));
    expect(await attempt(dan, "right password 1", "10.0.3.100", minutes(20))).toEqual(
      limited(40 * 60),
    );
    // At 60 min the first has left: 7 remain, over the budget of 5, so only fresh addresses.
    expect(await attempt(dan, "right password 1", "10.0.3.2", minutes(60))).toMatchObject({
      reason: "rate_limited",
    });
    expect(await attempt(dan, "right password 1", "10.0.3.100", minutes(60))).toMatchObject({
      ok: true,
    });
  });

  it("a successful sign-in clears that address's failures against the account, not other addresses'", async () => {
    const fay = "fay@example.com";
    await createUser(t.db, actor, {
      email: fay,
      role: "viewer",
      passwordHash: await hashPassword("right password 1"),
    });
    await attempt(fay, "wrong", "10.0.4.1", minutes(0));
    await attempt(fay, "wrong", "10.0.4.1", minutes(1));
    await attempt(fay, "wrong", "10.0.4.2", minutes(2));
    await attempt(fay, "wrong", "10.0.4.2", minutes(3));
    expect(await attempt(fay, "right password 1", "10.0.4.1", minutes(4))).toMatchObject({
      ok: true,
    });
    // 10.0.4.1's two failures are forgotten: two more stay under its limit of 3.
    expect(await attempt(fay, "wrong", "10.0.4.1", minutes(5))).toEqual(invalid);
    expect(await attempt(fay, "wrong", "10.0.4.1", minutes(6))).toEqual(invalid);
    expect(await attempt(fay, "right password 1", "10.0.4.1", minutes(7))).toMatchObject({
      ok: true,
    });
    // 10.0.4.2's are not: one more reaches its limit.
    expect(await attempt(fay, "wrong", "10.0.4.2", minutes(8))).toEqual(invalid);
    expect(await attempt(fay, "right password 1", "10.0.4.2", minutes(9))).toEqual(limited(8 * 60));
  });

  it("limits one address trying many emails (6 failures), whatever the emails", async () => {
    const ip = "10.9.9.9";
    for (let i = 0; i < 6; i++) {
      expect(await attempt(`guess${i}@example.com`, "x", ip, minutes(i))).toEqual(invalid);
    }
    expect(await attempt("ana@example.com", "right password 1", ip, minutes(7))).toEqual(
      limited(8 * 60),
    );
    // Another address is not affected.
    expect(
      await attempt("ana@example.com", "right password 1", "10.9.9.10", minutes(7)),
    ).toMatchObject({ ok: true });
  });

  it("refuses a disabled user as invalid, and their session stops at once", async () => {
    const passwordHash = await hashPassword("right password 2");
    const user = await createUser(t.db, actor, {
      email: "eve@example.com",
      role: "viewer",
      passwordHash,
    });
    const session = { id: user.id, version: user.sessionVersion };
    expect(await getSessionUser(t.db, session.id, session.version)).not.toBeNull();
    await setUserDisabled(t.db, actor, user.id, true);
    expect(await getSessionUser(t.db, session.id, session.version)).toBeNull();
    expect(
      await authenticate(
        t.db,
        { email: "eve@example.com", password: "right password 2", ip: "10.0.3.1" },
        LIMITS,
        T,
      ),
    ).toEqual({ ok: false, reason: "invalid" });
  });
});
