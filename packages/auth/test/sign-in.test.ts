import { createUser, getSessionUser, setUserDisabled } from "@parcours/db/queries";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "../../db/test/helpers";
import { hashPassword } from "../src/password";
import { authenticate, type SignInLimits } from "../src/sign-in";

const LIMITS: SignInLimits = { windowMs: 15 * 60_000, perAccount: 3, perIp: 5 };
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

  it("locks an account after 3 failures for 15 minutes from the first, even with the right password", async () => {
    const attempt = (password: string, at: Date, ip = "10.0.1.1") =>
      authenticate(t.db, { email: "ben@example.com", password, ip }, LIMITS, at);
    expect(await attempt("wrong", minutes(0))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("wrong", minutes(1))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("wrong", minutes(2))).toEqual({ ok: false, reason: "invalid" });
    // 3 failures at 0, 1 and 2 min: locked until the first leaves the window, at 15 min.
    expect(await attempt("right password 1", minutes(5), "10.0.1.2")).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: 10 * 60,
    });
    // At 15 min the first failure has left the window: 2 remain, so the right password works.
    expect(await attempt("right password 1", minutes(15), "10.0.1.3")).toMatchObject({ ok: true });
  });

  it("a successful sign-in clears the account's failures", async () => {
    const attempt = (password: string, at: Date) =>
      authenticate(t.db, { email: "cleo@example.com", password, ip: "10.0.2.1" }, LIMITS, at);
    await attempt("wrong", minutes(0));
    await attempt("wrong", minutes(1));
    expect(await attempt("right password 1", minutes(2))).toMatchObject({ ok: true });
    await attempt("wrong", minutes(3));
    await attempt("wrong", minutes(4));
    // 2 failures since the success, not 4: still allowed.
    expect(await attempt("right password 1", minutes(5))).toMatchObject({ ok: true });
  });

  it("limits one address trying many emails (5 failures), whatever the emails", async () => {
    const ip = "10.9.9.9";
    for (let i = 0; i < 5; i++) {
      const result = await authenticate(
        t.db,
        { email: `guess${i}@example.com`, password: "x", ip },
        LIMITS,
        minutes(i),
      );
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    expect(
      await authenticate(
        t.db,
        { email: "dan@example.com", password: "right password 1", ip },
        LIMITS,
        minutes(6),
      ),
    ).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 9 * 60 });
    // Another address is not affected.
    expect(
      await authenticate(
        t.db,
        { email: "dan@example.com", password: "right password 1", ip: "10.9.9.10" },
        LIMITS,
        minutes(6),
      ),
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
