import {
  DAY,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerAs, codeOf, createTestUsers, type TestUsers } from "./procedures";

const period = { kind: "fixed" as const, from: "2021-01-04", to: "2021-01-14" };

describe.each(TEST_TARGETS)("saved views, share links and annotations on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let manager: Caller;
  let viewer: Caller;
  let anonymous: Caller;
  let admin: Caller;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    manager = await callerAs(t.db, users.manager);
    viewer = await callerAs(t.db, users.viewer);
    anonymous = await callerAs(t.db, null);
    admin = await callerAs(t.db, users.admin);
    await insertEvents(t.db, [
      { id: "v1", customer: "c1", touchpoint: "ads", t: 0 },
      { id: "v2", customer: "c1", touchpoint: "website", t: DAY },
      { id: "v3", customer: "c2", touchpoint: "ads", t: 2 * DAY },
      // The period before (10 days earlier): one customer in discovery.
      { id: "v0", customer: "c0", touchpoint: "ads", t: -5 * DAY },
    ]);
  });
  afterAll(() => t.cleanup());

  it("a manager saves a team view; a viewer finds it, opens its journey with the previous period", async () => {
    const view = await manager.views.create({
      name: "January launch",
      description: "Discovery campaign",
      visibility: "team",
      period,
    });
    expect(await viewer.views.list({ search: "launch" })).toEqual([
      expect.objectContaining({
        id: view.id,
        name: "January launch",
        ownerEmail: "manager@example.com",
      }),
    ]);
    expect(await viewer.views.list({ search: "nothing like it" })).toEqual([]);
    const journey = await viewer.views.journey({ id: view.id, compare: true });
    // 2 customers in discovery now (c1, c2), 1 of them reached consideration; 1 before (c0).
    expect(journey.map.stages[0]).toMatchObject({
      customers: 2,
      reachedNext: 1,
      conversionToNext: 0.5,
    });
    expect(journey.previous?.stages[0]).toMatchObject({ customers: 1, reachedNext: 0 });
    expect(journey.period).toEqual({ from: new Date("2021-01-04"), to: new Date("2021-01-14") });
    // No funnel steps saved: the stages up to the conversion stage, by day over 10 days.
    expect(journey.overTime).toMatchObject({
      steps: ["discovery", "consideration", "decision", "purchase"],
      bucket: "day",
    });
    expect(journey.overTime?.buckets).toHaveLength(10);
    expect(journey.overTime?.buckets.reduce((sum, b) => sum + b.entered, 0)).toBe(2);
  });

  it("a private view is not found by others; only its owner changes it; a copy is the copier's and private", async () => {
    const mine = await manager.views.create({
      name: "Draft",
      period: { kind: "relative", days: 30 },
    });
    expect(await codeOf(viewer.views.get({ id: mine.id }))).toBe("NOT_FOUND");
    const team = await manager.views.create({ name: "Shared", visibility: "team", period });
    const other = await callerAs(t.db, { ...users.manager, id: users.admin.id, role: "manager" });
    expect(
      await codeOf(other.views.update({ id: team.id, view: { name: "Mine now", period } })),
    ).toBe("PRECONDITION_FAILED");
    const copy = await other.views.duplicate({ id: team.id });
    expect(copy).toMatchObject({
      name: "Shared (copy)",
      visibility: "private",
      ownerId: users.admin.id,
    });
    await manager.views.delete({ id: mine.id });
    expect(await codeOf(manager.views.get({ id: mine.id }))).toBe("NOT_FOUND");
  });

  it("bad view input is a BAD_REQUEST naming the field", async () => {
    let message = "";
    try {
      await manager.views.create({
        name: " ",
        period: { kind: "fixed", from: "2021-02-01", to: "2021-01-01" },
      });
    } catch (error) {
      message = error instanceof Error ? error.message : "";
    }
    expect(message).toMatch(/name: a view needs a name/);
    expect(message).toMatch(/period\.to: from must be before to/);
  });

  it("a view whose filters name an archived persona or a removed channel opens with what is still known applied, and says which keys were not", async () => {
    const stale = await manager.views.create({
      name: "Stale filters",
      visibility: "team",
      period,
      filters: { personas: ["ghost"], channels: ["web", "fax"] },
    });
    const webOnly = await manager.views.create({
      name: "Web only",
      visibility: "team",
      period,
      filters: { personas: [], channels: ["web"] },
    });
    const journey = await manager.views.journey({ id: stale.id });
    expect(journey.unknownFilters).toEqual({ personas: ["ghost"], channels: ["fax"] });
    const applied = await manager.views.journey({ id: webOnly.id });
    expect(applied.unknownFilters).toEqual({ personas: [], channels: [] });
    expect(journey.map).toEqual(applied.map);
    const { token } = await manager.views.createShareLink({ id: stale.id });
    expect((await anonymous.shared.journey({ token })).unknownFilters).toEqual({
      personas: ["ghost"],
      channels: ["fax"],
    });
  });

  it("a share link shows no comments by default, or the comments without or with their authors' names, as its sharer chose", async () => {
    const view = await manager.views.create({ name: "Shared notes", period });
    await manager.views.annotate({ viewId: view.id, target: { kind: "view" }, body: "Internal" });
    const opened = async (comments?: "none" | "anonymous" | "named") => {
      const { token, link } = await manager.views.createShareLink({
        id: view.id,
        ...(comments ? { comments } : {}),
      });
      expect(link.comments).toBe(comments ?? "none");
      return anonymous.shared.journey({ token });
    };
    const byDefault = await opened();
    expect(byDefault.comments).toBe("none");
    expect(byDefault.annotations).toEqual([]);
    expect((await opened("none")).annotations).toEqual([]);
    const anonymousNotes = await opened("anonymous");
    expect(anonymousNotes.annotations).toEqual([
      expect.objectContaining({ body: "Internal", authorName: "", authorEmail: "" }),
    ]);
    const named = await opened("named");
    expect(named.annotations).toEqual([
      expect.objectContaining({ body: "Internal", authorName: "manager", authorEmail: "" }),
    ]);
    const links = await manager.views.shareLinks({ id: view.id });
    expect(links.map((l) => l.comments).sort()).toEqual(["anonymous", "named", "none", "none"]);
    // A value the server does not know is a 400 naming the field, not a 500.
    let error: unknown;
    try {
      await manager.views.createShareLink({
        id: view.id,
        comments: "everyone" as "named",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(error instanceof Error ? error.message : "").toMatch(/comments/);
  });

  it("a share link opens that view without a session, read-only; revoked or expired it is NOT_FOUND", async () => {
    const view = await manager.views.create({ name: "For the board", period });
    const other = await manager.views.create({ name: "Not shared", period });
    const { token, link } = await manager.views.createShareLink({ id: view.id });
    const shared = await anonymous.shared.journey({ token });
    expect(shared.view).toEqual({
      name: "For the board",
      description: "",
      period,
      filters: { personas: [], channels: [] },
      windowSeconds: 30 * 86_400,
    });
    expect(shared.map.stages[0]?.customers).toBe(2);
    await manager.views.annotate({ viewId: view.id, target: { kind: "view" }, body: "For Monday" });
    // No comments unless the sharer chose to show them.
    const withNote = await anonymous.shared.journey({ token });
    expect(withNote.comments).toBe("none");
    expect(withNote.annotations).toEqual([]);
    // The token reaches nothing else: no other view, no mutation, no dashboard.
    expect(await codeOf(anonymous.views.get({ id: other.id }))).toBe("UNAUTHORIZED");
    expect(
      await codeOf(
        anonymous.views.annotate({ viewId: view.id, target: { kind: "view" }, body: "hi" }),
      ),
    ).toBe("UNAUTHORIZED");
    expect(
      await codeOf(anonymous.dashboard.kpis({ filter: { from: new Date(0), to: new Date() } })),
    ).toBe("UNAUTHORIZED");
    await manager.views.revokeShareLink({ id: link.id });
    expect(await codeOf(anonymous.shared.journey({ token }))).toBe("NOT_FOUND");
    expect(await codeOf(anonymous.shared.journey({ token: "not-a-token" }))).toBe("NOT_FOUND");
    // An expiry in the past is refused; one in the future works until then.
    expect(
      await codeOf(
        manager.views.createShareLink({ id: view.id, expiresAt: new Date(Date.now() - 1000) }),
      ),
    ).toBe("BAD_REQUEST");
    const soon = await manager.views.createShareLink({
      id: view.id,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await codeOf(anonymous.shared.journey({ token: soon.token }))).toBe("OK");
    expect(
      (await manager.views.shareLinks({ id: view.id })).map((l) => l.revokedAt !== null),
    ).toEqual([false, true]);
  });

  it("viewers comment on a cell, reply, resolve and reopen; a reply keeps its thread's target", async () => {
    const view = await manager.views.create({ name: "Annotated", visibility: "team", period });
    const first = await viewer.views.annotate({
      viewId: view.id,
      target: { kind: "cell", stage: "purchase", touchpoint: "app_checkout" },
      body: "Low ratings since the app update",
    });
    const reply = await manager.views.annotate({
      viewId: view.id,
      target: { kind: "view" },
      body: "Fix ships next sprint",
      parentId: first.id,
    });
    expect(reply).toMatchObject({
      parentId: first.id,
      target: { kind: "cell", stage: "purchase", touchpoint: "app_checkout" },
    });
    await viewer.views.setResolved({ id: first.id, resolved: true });
    let journey = await viewer.views.journey({ id: view.id });
    expect(journey.annotations.map((a) => [a.body, a.resolvedAt !== null])).toEqual([
      ["Low ratings since the app update", true],
      ["Fix ships next sprint", false],
    ]);
    await viewer.views.setResolved({ id: first.id, resolved: false });
    journey = await viewer.views.journey({ id: view.id });
    expect(journey.annotations[0]?.resolvedAt).toBeNull();
    expect(await codeOf(viewer.views.setResolved({ id: reply.id, resolved: true }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("the audit log records who saved, changed and deleted views, made and revoked share links, commented and resolved", async () => {
    const before = (await admin.admin.audit.list({ limit: 1 })).rows[0]?.id ?? 0;
    const view = await manager.views.create({ name: "Audited", visibility: "team", period });
    await manager.views.update({
      id: view.id,
      view: { name: "Audited twice", description: "Weekly", visibility: "team", period },
    });
    const { link, token } = await manager.views.createShareLink({ id: view.id });
    await manager.views.revokeShareLink({ id: link.id });
    // Revoking again changes nothing and records nothing.
    await manager.views.revokeShareLink({ id: link.id });
    const note = await viewer.views.annotate({
      viewId: view.id,
      target: { kind: "view" },
      body: "Check the chat",
      kind: "opportunity",
    });
    await manager.views.annotate({
      viewId: view.id,
      target: { kind: "view" },
      body: "On it",
      parentId: note.id,
    });
    await viewer.views.setResolved({ id: note.id, resolved: true });
    await viewer.views.setResolved({ id: note.id, resolved: true });
    await manager.views.delete({ id: view.id });

    const { rows } = await admin.admin.audit.list({ limit: 50 });
    const mine = rows.filter((r) => r.id > before).reverse();
    expect(mine.map((r) => [r.action, r.actorEmail, r.summary])).toEqual([
      ["view.create", "manager@example.com", 'saved the team view "Audited"'],
      ["view.update", "manager@example.com", 'renamed the view "Audited" to "Audited twice"'],
      [
        "share_link.create",
        "manager@example.com",
        `created the share link ${link.prefix}… on the view "Audited twice", without expiry`,
      ],
      [
        "share_link.revoke",
        "manager@example.com",
        `revoked the share link ${link.prefix}… on the view "Audited twice"`,
      ],
      [
        "annotation.create",
        "viewer@example.com",
        'noted an opportunity on the view "Audited twice"',
      ],
      [
        "annotation.create",
        "manager@example.com",
        'replied to a thread on the view "Audited twice"',
      ],
      [
        "annotation.resolve",
        "viewer@example.com",
        'resolved an opportunity on the view "Audited twice"',
      ],
      ["view.delete", "manager@example.com", 'deleted the view "Audited twice"'],
    ]);
    // The token itself is never written down: only the prefix the links list shows.
    expect(JSON.stringify(mine)).not.toContain(token);
    expect(mine[1]?.before).toMatchObject({ name: "Audited", visibility: "team" });
    expect(mine[1]?.after).toMatchObject({ name: "Audited twice", description: "Weekly" });
  });
});
