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

// Issue 17 item 4: a journey view's comments, per cell, for managers and admins only, under
// the view's own period and filters.

describe.each(TEST_TARGETS)("a journey view's comments on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let manager: Caller;
  let viewer: Caller;
  let admin: Caller;
  let viewId: number;
  let appOnly: number;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    manager = await callerAs(t.db, users.manager);
    viewer = await callerAs(t.db, users.viewer);
    admin = await callerAs(t.db, users.admin);
    await insertEvents(t.db, [
      {
        id: "k1",
        customer: "c1",
        touchpoint: "checkout",
        t: DAY,
        satisfaction: 2,
        comment: "Trop long",
      },
      {
        id: "k2",
        customer: "c2",
        touchpoint: "checkout",
        t: 2 * DAY,
        satisfaction: 1,
        comment: "Carte refusée",
      },
      {
        id: "k3",
        customer: "c3",
        touchpoint: "app_checkout",
        t: DAY,
        satisfaction: 4,
        comment: "Simple",
      },
      // After the view's period (2021-01-04 to 2021-01-13 included).
      {
        id: "k4",
        customer: "c3",
        touchpoint: "checkout",
        t: 20 * DAY,
        satisfaction: 1,
        comment: "Later",
      },
    ]);
    const period = { kind: "fixed" as const, from: "2021-01-04", to: "2021-01-14" };
    viewId = (await manager.views.create({ name: "All", visibility: "team", period })).id;
    appOnly = (
      await manager.views.create({
        name: "App only",
        visibility: "team",
        period,
        filters: { personas: [], channels: ["app"] },
      })
    ).id;
  });
  afterAll(() => t.cleanup());

  it("counts each cell's comments in the view's period and channels", async () => {
    expect(await manager.views.commentCounts({ id: viewId })).toEqual(
      expect.arrayContaining([
        { stage: "purchase", touchpoint: "checkout", comments: 2 },
        { stage: "purchase", touchpoint: "app_checkout", comments: 1 },
      ]),
    );
    expect(await manager.views.commentCounts({ id: viewId })).toHaveLength(2);
    expect(await manager.views.commentCounts({ id: appOnly })).toEqual([
      { stage: "purchase", touchpoint: "app_checkout", comments: 1 },
    ]);
  });

  it("lists a cell's comments lowest-rated first", async () => {
    const cell = await manager.views.cellComments({
      id: viewId,
      stage: "purchase",
      touchpoint: "checkout",
    });
    expect(cell.total).toBe(2);
    expect(cell.comments.map((c) => [c.text, c.rating, c.customer])).toEqual([
      ["Carte refusée", 1, "c2"],
      ["Trop long", 2, "c1"],
    ]);
  });

  it("keeps comments from viewers, and names an unknown stage in a 400", async () => {
    expect(await codeOf(viewer.views.commentCounts({ id: viewId }))).toBe("FORBIDDEN");
    expect(
      await codeOf(
        viewer.views.cellComments({ id: viewId, stage: "purchase", touchpoint: "checkout" }),
      ),
    ).toBe("FORBIDDEN");
    await expect(
      manager.views.cellComments({ id: viewId, stage: "nowhere", touchpoint: "checkout" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("nowhere") });
  });

  it("a share link gives the map's driver column for its view's own period and filters", async () => {
    const anonymous = await callerAs(t.db, null);
    const link = await manager.views.createShareLink({ id: appOnly });
    const period = { from: new Date("2021-01-04T00:00:00Z"), to: new Date("2021-01-14T00:00:00Z") };
    const signedIn = await viewer.drivers.touchpoints({
      filter: { ...period, personas: [], channels: ["app"] },
    });
    expect(signedIn.touchpoints.length).toBeGreaterThan(0);
    expect(await anonymous.shared.drivers({ token: link.token })).toEqual(signedIn);
    await manager.views.revokeShareLink({ id: link.link.id });
    expect(await codeOf(anonymous.shared.drivers({ token: link.token }))).toBe("NOT_FOUND");
  });

  it("a share link shows no customers' comments unless its sharer included them", async () => {
    const anonymous = await callerAs(t.db, null);
    const cell = { stage: "purchase", touchpoint: "checkout" };
    const plain = await manager.views.createShareLink({ id: viewId, comments: "named" });
    expect(plain.link.customerComments).toBe(false);
    expect((await anonymous.shared.journey({ token: plain.token })).customerComments).toBe(false);
    expect(await codeOf(anonymous.shared.commentCounts({ token: plain.token }))).toBe("FORBIDDEN");
    expect(await codeOf(anonymous.shared.cellComments({ token: plain.token, ...cell }))).toBe(
      "FORBIDDEN",
    );

    const opted = await manager.views.createShareLink({ id: appOnly, customerComments: true });
    expect(opted.link.customerComments).toBe(true);
    expect((await manager.views.shareLinks({ id: appOnly }))[0]?.customerComments).toBe(true);
    expect((await anonymous.shared.journey({ token: opted.token })).customerComments).toBe(true);
    // The view's own period and channels: the app only.
    expect(await anonymous.shared.commentCounts({ token: opted.token })).toEqual([
      { stage: "purchase", touchpoint: "app_checkout", comments: 1 },
    ]);
    const all = await manager.views.createShareLink({ id: viewId, customerComments: true });
    const shared = await anonymous.shared.cellComments({ token: all.token, ...cell });
    expect(shared.total).toBe(2);
    // The words, rating and day, lowest-rated first; no customer id, no event id.
    expect(shared.comments).toEqual([
      { text: "Carte refusée", rating: 1, occurredAt: expect.any(Date) },
      { text: "Trop long", rating: 2, occurredAt: expect.any(Date) },
    ]);
    expect(JSON.stringify(shared)).not.toMatch(/"c[12]"|"k[12]"|customer|eventId/);

    await manager.views.revokeShareLink({ id: all.link.id });
    expect(await codeOf(anonymous.shared.cellComments({ token: all.token, ...cell }))).toBe(
      "NOT_FOUND",
    );
  });

  it("an admin erases a customer's comments in one action; a manager may not", async () => {
    expect(await codeOf(manager.customers.erase({ externalId: "c2" }))).toBe("FORBIDDEN");
    const erased = await admin.customers.erase({ externalId: "c2" });
    expect(erased.comments).toBe(1);
    const cell = await manager.views.cellComments({
      id: viewId,
      stage: "purchase",
      touchpoint: "checkout",
    });
    expect(cell.comments.map((c) => c.text)).toEqual(["Trop long"]);
    await expect(admin.customers.erase({ externalId: "c2" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
