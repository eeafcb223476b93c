import { opportunityActions, stages } from "@parcours/db/schema";
import {
  DAY,
  date,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerAs, codeOf, createTestUsers, type TestUsers } from "./procedures";

const period = { kind: "fixed" as const, from: "2021-01-04", to: "2021-01-14" };

describe.each(TEST_TARGETS)("opportunities as actions on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let manager: Caller;
  let viewer: Caller;
  let admin: Caller;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    manager = await callerAs(t.db, users.manager);
    viewer = await callerAs(t.db, users.viewer);
    admin = await callerAs(t.db, users.admin);
    await t.db
      .update(stages)
      .set({
        metrics: [
          {
            key: "checkout_rating",
            name: "Checkout rating",
            kind: "rating",
            of: { touchpoints: ["app_checkout"], types: [] },
            target: { op: "gte", value: 4 },
          },
        ],
      })
      .where(eq(stages.key, "purchase"));
  });
  afterAll(() => t.cleanup());

  it("an opportunity is an idea until taken in hand; its steps are stamped as it moves", async () => {
    const view = await manager.views.create({ name: "Checkout", visibility: "team", period });
    const opportunity = await viewer.views.annotate({
      viewId: view.id,
      target: { kind: "cell", stage: "purchase", touchpoint: "app_checkout" },
      body: "Shorten the app checkout form",
      kind: "opportunity",
    });
    await viewer.views.annotate({ viewId: view.id, target: { kind: "view" }, body: "A comment" });
    // Only opportunities are listed, as ideas nobody owns yet.
    expect(await viewer.actions.list({ viewId: view.id })).toEqual([
      expect.objectContaining({
        id: opportunity.id,
        body: "Shorten the app checkout form",
        status: "idea",
        owner: null,
        dueDate: null,
        metric: null,
        plannedAt: null,
      }),
    ]);

    const planned = await manager.actions.update({
      id: opportunity.id,
      status: "planned",
      ownerId: users.viewer.id,
      dueDate: "2021-02-01",
      metric: { stage: "purchase", metric: "checkout_rating" },
    });
    expect(planned).toMatchObject({
      status: "planned",
      owner: { id: users.viewer.id, email: "viewer@example.com" },
      dueDate: "2021-02-01",
      metric: { stage: "purchase", metric: "checkout_rating" },
      startedAt: null,
      doneAt: null,
    });
    expect(planned.plannedAt).toBeInstanceOf(Date);

    // The owner, a viewer, moves their own action on; the planning date stays.
    const started = await viewer.actions.update({ id: opportunity.id, status: "in_progress" });
    expect(started.plannedAt).toEqual(planned.plannedAt);
    expect(started.startedAt).toBeInstanceOf(Date);
    const done = await viewer.actions.update({ id: opportunity.id, status: "done" });
    expect(done).toMatchObject({ status: "done", plannedAt: planned.plannedAt });
    expect(done.doneAt).toBeInstanceOf(Date);

    // Given to somebody else, the viewer can no longer change it.
    await manager.actions.update({ id: opportunity.id, ownerId: users.manager.id });
    expect(await codeOf(viewer.actions.update({ id: opportunity.id, status: "dropped" }))).toBe(
      "PRECONDITION_FAILED",
    );

    const audit = await admin.admin.audit.list({ entityType: "action" });
    expect(audit.rows.map((r) => [r.actorEmail, r.summary]).reverse()).toEqual([
      ["manager@example.com", 'changed an action on the view "Checkout": idea → planned'],
      ["viewer@example.com", 'changed an action on the view "Checkout": planned → in progress'],
      ["viewer@example.com", 'changed an action on the view "Checkout": in progress → done'],
      ["manager@example.com", 'changed an action on the view "Checkout"'],
    ]);
  });

  it("work that starts without a plan is planned at that moment; a viewer cannot take an idea nobody owns", async () => {
    const view = await manager.views.create({ name: "Chat", visibility: "team", period });
    const opportunity = await manager.views.annotate({
      viewId: view.id,
      target: { kind: "stage", stage: "after_sales" },
      body: "Answer the chat within a minute",
      kind: "opportunity",
    });
    expect(await codeOf(viewer.actions.update({ id: opportunity.id, status: "planned" }))).toBe(
      "PRECONDITION_FAILED",
    );
    const started = await manager.actions.update({ id: opportunity.id, status: "in_progress" });
    expect(started.plannedAt).toEqual(started.startedAt);
    // Unassigning and clearing go back to nothing.
    const cleared = await manager.actions.update({
      id: opportunity.id,
      ownerId: null,
      dueDate: null,
      metric: null,
    });
    expect(cleared).toMatchObject({ owner: null, dueDate: null, metric: null });
  });

  it("refuses what is not an opportunity, unknown owners and metrics, and views the caller cannot see", async () => {
    const view = await manager.views.create({ name: "Private", period });
    const comment = await manager.views.annotate({
      viewId: view.id,
      target: { kind: "view" },
      body: "Only a comment",
    });
    const opportunity = await manager.views.annotate({
      viewId: view.id,
      target: { kind: "view" },
      body: "An idea",
      kind: "opportunity",
    });
    const reply = await manager.views.annotate({
      viewId: view.id,
      target: { kind: "view" },
      body: "A reply",
      parentId: opportunity.id,
    });
    expect(await codeOf(manager.actions.update({ id: comment.id, status: "planned" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(manager.actions.update({ id: reply.id, status: "planned" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(manager.actions.update({ id: opportunity.id, ownerId: 999_999 }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await codeOf(
        manager.actions.update({
          id: opportunity.id,
          metric: { stage: "purchase", metric: "no_such_metric" },
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        manager.actions.update({
          id: opportunity.id,
          metric: { stage: "loyalty", metric: "checkout_rating" },
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(manager.actions.update({ id: opportunity.id, status: "finished" as "done" })),
    ).toBe("BAD_REQUEST");
    // The view is private: for the viewer, the opportunity does not exist.
    expect(await codeOf(viewer.actions.update({ id: opportunity.id, status: "planned" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(viewer.actions.list({ viewId: view.id }))).toBe("NOT_FOUND");
    expect(await codeOf(manager.actions.update({ id: 2_000_000, status: "planned" }))).toBe(
      "NOT_FOUND",
    );
    // Nothing was stored by the refused changes.
    expect((await manager.actions.list({ viewId: view.id }))[0]).toMatchObject({
      status: "idea",
      owner: null,
      metric: null,
    });
  });

  it("lists the enabled users as possible owners", async () => {
    const owners = await viewer.actions.owners();
    expect(owners.map((o) => o.email).sort()).toEqual([
      "admin@example.com",
      "manager@example.com",
      "viewer@example.com",
    ]);
  });

  it("reads the action's metric before and after its completion, and before its planning against now", async () => {
    // The view covers T0 + [0, 10 days); the metric is the app checkout's mean rating (target >= 4).
    await insertEvents(t.db, [
      // Before the completion date (T0 + 5 days): 2 and 3, mean 2.5.
      { id: "r1", customer: "a", touchpoint: "app_checkout", t: 1 * DAY, satisfaction: 2 },
      { id: "r2", customer: "b", touchpoint: "app_checkout", t: 2 * DAY, satisfaction: 3 },
      // After it: 4, 5 and 5, mean 14 / 3.
      { id: "r3", customer: "c", touchpoint: "app_checkout", t: 6 * DAY, satisfaction: 4 },
      { id: "r4", customer: "d", touchpoint: "app_checkout", t: 7 * DAY, satisfaction: 5 },
      { id: "r5", customer: "e", touchpoint: "app_checkout", t: 12 * DAY, satisfaction: 5 },
      // Outside every window (more than 10 days before the completion): not counted.
      { id: "r6", customer: "f", touchpoint: "app_checkout", t: -6 * DAY, satisfaction: 1 },
    ]);
    const view = await manager.views.create({ name: "Ratings", visibility: "team", period });
    const metric = { stage: "purchase", metric: "checkout_rating" };
    const done = await manager.views.annotate({
      viewId: view.id,
      target: { kind: "cell", stage: "purchase", touchpoint: "app_checkout" },
      body: "Fix the card form",
      kind: "opportunity",
    });
    const planned = await manager.views.annotate({
      viewId: view.id,
      target: { kind: "view" },
      body: "Faster delivery",
      kind: "opportunity",
    });
    const idea = await manager.views.annotate({
      viewId: view.id,
      target: { kind: "view" },
      body: "Loyalty card",
      kind: "opportunity",
    });
    await manager.actions.update({ id: done.id, status: "done", metric });
    await manager.actions.update({ id: planned.id, status: "planned", metric });
    await manager.actions.update({ id: idea.id, metric });
    // Dates set by hand so the windows are known: done at T0 + 5 days, planned at T0 + 3 days.
    await t.db
      .update(opportunityActions)
      .set({ doneAt: date(5 * DAY), plannedAt: date(4 * DAY) })
      .where(eq(opportunityActions.annotationId, done.id));
    await t.db
      .update(opportunityActions)
      .set({ plannedAt: date(3 * DAY) })
      .where(eq(opportunityActions.annotationId, planned.id));

    const readings = await viewer.actions.metrics({ viewId: view.id });
    const byId = new Map(readings.map((r) => [r.id, r]));
    // Completion: [T0 - 5 d, T0 + 5 d) holds 2 and 3 (1 is at T0 - 6 d); [T0 + 5 d, T0 + 15 d) 4, 5, 5.
    const completion = byId.get(done.id);
    expect(completion?.basis).toBe("completion");
    expect(completion?.before).toMatchObject({
      from: date(-5 * DAY),
      to: date(5 * DAY),
      value: { value: 2.5, n: 2, status: "missed" },
    });
    expect(completion?.after.from).toEqual(date(5 * DAY));
    expect(completion?.after.to).toEqual(date(15 * DAY));
    expect(completion?.after.value?.n).toBe(3);
    expect(completion?.after.value?.value).toBeCloseTo(14 / 3, 12);
    expect(completion?.after.value?.status).toBe("met");
    // Planning: [T0 - 7 d, T0 + 3 d) holds 1, 2 and 3 (mean 2); now is the view: 2, 3, 4, 5 (3.5).
    const planning = byId.get(planned.id);
    expect(planning).toMatchObject({
      basis: "planning",
      before: { from: date(-7 * DAY), to: date(3 * DAY), value: { value: 2, n: 3 } },
      after: { from: date(0), to: date(10 * DAY), value: { value: 3.5, n: 4, status: "missed" } },
    });
    // An idea: the view's period alone.
    expect(byId.get(idea.id)).toMatchObject({
      basis: "now",
      before: null,
      after: { value: { value: 3.5, n: 4 } },
    });
  });
});
