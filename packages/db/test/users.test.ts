import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createUser,
  DomainError,
  getSessionUser,
  listAudit,
  listAuditEntityTypes,
  listUsers,
  resetUserPassword,
  setUserDisabled,
  setUserRole,
  type UserRow,
} from "../src/queries";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "./helpers";

const cli = { id: null, email: "cli:test" };

async function refusal(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await promise;
    return { kind: "accepted", message: "" };
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, message: error.message };
    throw error;
  }
}

describe.each(TEST_TARGETS)("users and the audit log on %s", (target) => {
  let t: TestDatabase;
  let alice: UserRow;
  let bob: UserRow;
  let carol: UserRow;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    alice = await createUser(t.db, cli, {
      email: "Alice@Example.com ",
      name: "Alice",
      role: "admin",
      passwordHash: "h",
    });
    bob = await createUser(t.db, cli, {
      email: "bob@example.com",
      role: "manager",
      passwordHash: "h",
    });
    carol = await createUser(t.db, cli, {
      email: "carol@example.com",
      role: "viewer",
      passwordHash: "h",
    });
  });
  afterAll(() => t.cleanup());

  const asAlice = () => ({ id: alice.id, email: alice.email });

  it("stores emails lower-cased and trimmed, and refuses a second account with the same email", async () => {
    expect(alice.email).toBe("alice@example.com");
    expect(
      await refusal(
        createUser(t.db, cli, { email: "ALICE@example.com", role: "viewer", passwordHash: "h" }),
      ),
    ).toEqual({
      kind: "conflict",
      message: "a user with the email alice@example.com already exists",
    });
    expect((await listUsers(t.db)).map((u) => u.email)).toEqual([
      "alice@example.com",
      "bob@example.com",
      "carol@example.com",
    ]);
  });

  it("the only admin can be neither demoted nor disabled", async () => {
    expect(await refusal(setUserRole(t.db, cli, alice.id, "manager"))).toEqual({
      kind: "precondition",
      message: "cannot change the role: this is the last admin; make another user admin first",
    });
    expect(await refusal(setUserDisabled(t.db, cli, alice.id, true))).toEqual({
      kind: "precondition",
      message: "cannot disable: this is the last admin; make another user admin first",
    });
  });

  it("nobody can disable their own account", async () => {
    expect(await refusal(setUserDisabled(t.db, asAlice(), alice.id, true))).toMatchObject({
      kind: "precondition",
      message: "you cannot disable your own account",
    });
  });

  it("a role change ends the user's sessions (version 1 → 2) and is logged with before and after", async () => {
    expect(await getSessionUser(t.db, bob.id, 1)).not.toBeNull();
    const changed = await setUserRole(t.db, asAlice(), bob.id, "admin");
    expect(changed).toMatchObject({ role: "admin", sessionVersion: 2 });
    expect(await getSessionUser(t.db, bob.id, 1)).toBeNull();
    expect(await getSessionUser(t.db, bob.id, 2)).toMatchObject({ role: "admin" });
    const { rows } = await listAudit(t.db, { entityType: "user", search: "user.role" });
    expect(rows[0]).toMatchObject({
      actorEmail: "alice@example.com",
      action: "user.role",
      entityId: String(bob.id),
      summary: "bob@example.com: manager → admin",
      before: { email: "bob@example.com", role: "manager", disabled: false },
      after: { email: "bob@example.com", role: "admin", disabled: false },
    });
  });

  it("with a second admin, the first can be demoted; then the second is the last", async () => {
    await setUserRole(t.db, asAlice(), alice.id, "manager");
    expect(await refusal(setUserRole(t.db, cli, bob.id, "viewer"))).toMatchObject({
      kind: "precondition",
    });
    await setUserRole(t.db, cli, alice.id, "admin");
  });

  it("a password reset ends the sessions and logs no secret", async () => {
    const before = (await listUsers(t.db)).find((u) => u.id === carol.id);
    const after = await resetUserPassword(t.db, asAlice(), carol.id, "new-hash");
    expect(after.sessionVersion).toBe((before?.sessionVersion ?? 0) + 1);
    const { rows } = await listAudit(t.db, { search: "user.password" });
    expect(rows[0]).toMatchObject({
      summary: "reset the password of carol@example.com",
      before: null,
      after: null,
    });
    expect(JSON.stringify(rows)).not.toContain("new-hash");
  });

  it("unknown ids are not_found", async () => {
    expect(await refusal(setUserRole(t.db, cli, 9999, "viewer"))).toEqual({
      kind: "not_found",
      message: "no user with id 9999",
    });
  });

  it("the audit log filters by actor and entity, newest first, and pages by cursor", async () => {
    const all = await listAudit(t.db, {});
    // 3 creations, 3 role changes (bob up, alice down and back up), 1 password reset.
    expect(all.rows.map((r) => r.action)).toEqual([
      "user.password",
      "user.role",
      "user.role",
      "user.role",
      "user.create",
      "user.create",
      "user.create",
    ]);
    expect((await listAudit(t.db, { actor: "ALICE" })).rows).toHaveLength(3);
    expect((await listAudit(t.db, { actor: "cli" })).rows).toHaveLength(4);
    const first = await listAudit(t.db, { limit: 3 });
    expect(first.rows).toHaveLength(3);
    const second = await listAudit(t.db, { limit: 3, before: first.nextBefore ?? undefined });
    const third = await listAudit(t.db, { limit: 3, before: second.nextBefore ?? undefined });
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.id)).toEqual(
      all.rows.map((r) => r.id),
    );
    expect(third.nextBefore).toBeNull();
    expect(await listAuditEntityTypes(t.db)).toEqual(["user"]);
    // A LIKE wildcard in the filter is taken literally.
    expect((await listAudit(t.db, { search: "%" })).rows).toHaveLength(0);
  });
});
