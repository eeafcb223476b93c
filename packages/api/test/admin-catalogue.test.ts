import {
  DAY,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerAs, createTestUsers, refusal, type TestUsers } from "./procedures";

const ORDER = ["discovery", "consideration", "decision", "purchase", "after_sales", "loyalty"];

/** The error's code and the message the page shows as is. */
describe.each(TEST_TARGETS)("admin catalogue on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let admin: Caller;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    admin = await callerAs(t.db, users.admin);
    // Customers a and b check out in the app (purchase); b once more naming the decision stage.
    await insertEvents(t.db, [
      { id: "a1", customer: "a", touchpoint: "app_checkout", t: 0 },
      { id: "b1", customer: "b", touchpoint: "app_checkout", t: DAY },
      { id: "b2", customer: "b", touchpoint: "app_checkout", t: DAY, stage: "decision" },
    ]);
  });
  afterAll(() => t.cleanup());

  it("invalid input is BAD_REQUEST with the field named", async () => {
    expect(
      await refusal(admin.admin.catalogue.updateStage({ key: "decision", name: "  " })),
    ).toEqual(["BAD_REQUEST", "name: a stage needs a name"]);
    expect(
      await refusal(
        admin.admin.catalogue.updateStage({
          key: "decision",
          name: "Decision",
          actions: Array.from({ length: 21 }, (_, i) => `action ${i}`),
        }),
      ),
    ).toEqual(["BAD_REQUEST", "actions: at most 20 actions"]);
    expect(
      await refusal(
        admin.admin.catalogue.updateStage({ key: "decision", name: "D", goal: "g".repeat(1001) }),
      ),
    ).toEqual(["BAD_REQUEST", "goal: at most 1000 characters"]);
    expect(
      await refusal(
        admin.admin.catalogue.createTouchpoint({
          key: "Kiosk 1",
          name: "Kiosk",
          channel: "store",
          stage: "decision",
        }),
      ),
    ).toEqual(["BAD_REQUEST", "key: must be a lower-case key (a-z, 0-9, _ or -, max 63)"]);
    expect(
      await refusal(
        admin.admin.catalogue.reorderStages({ keys: [...ORDER.slice(0, 5), "decision"] }),
      ),
    ).toEqual([
      "BAD_REQUEST",
      "keys: each stage appears once in the new order; repeated: decision",
    ]);
  });

  it("an order that is not a permutation of the stages is BAD_REQUEST naming what is missing or unknown", async () => {
    expect(
      await refusal(admin.admin.catalogue.previewReorder({ keys: ORDER.slice(0, 5) })),
    ).toEqual([
      "BAD_REQUEST",
      "the new order must list every stage exactly once (missing: loyalty)",
    ]);
    expect(
      await refusal(
        admin.admin.catalogue.reorderStages({ keys: [...ORDER.slice(0, 5), "advocacy"] }),
      ),
    ).toEqual([
      "BAD_REQUEST",
      "the new order must list every stage exactly once (missing: loyalty; unknown: advocacy)",
    ]);
  });

  it("unknown keys are NOT_FOUND, a taken touchpoint key CONFLICT", async () => {
    expect(
      await refusal(admin.admin.catalogue.updateStage({ key: "nirvana", name: "Nirvana" })),
    ).toEqual(["NOT_FOUND", "no stage with the key nirvana"]);
    expect(
      await refusal(admin.admin.catalogue.previewTouchpoint({ key: "fax", stage: "decision" })),
    ).toEqual(["NOT_FOUND", "no touchpoint with the key fax"]);
    expect(
      await refusal(admin.admin.catalogue.updateTouchpoint({ key: "app", channel: "pigeon" })),
    ).toEqual(["NOT_FOUND", "no channel with the key pigeon"]);
    expect(await refusal(admin.admin.catalogue.setConversionStage({ key: "nirvana" }))).toEqual([
      "NOT_FOUND",
      "no stage with the key nirvana",
    ]);
    expect(
      await refusal(
        admin.admin.catalogue.createTouchpoint({
          key: "checkout",
          name: "Checkout again",
          channel: "web",
          stage: "purchase",
        }),
      ),
    ).toEqual(["CONFLICT", "a touchpoint with the key checkout already exists"]);
  });

  it("a move applies what its preview announced (a1, b1 to decision; b2 kept), the dashboard's next request sees it, and the audit log names the admin", async () => {
    const change = { key: "app_checkout", stage: "decision" };
    const preview = await admin.admin.catalogue.previewTouchpoint(change);
    expect(preview).toMatchObject({
      eventsMovingStage: 2,
      customersMovingStage: 2,
      eventsKeepingStage: 1,
      fromStage: "purchase",
      toStage: "decision",
    });
    expect(await admin.admin.catalogue.updateTouchpoint(change)).toEqual(preview);
    // A new request, as the app makes one per HTTP request.
    const next = await callerAs(t.db, users.viewer);
    const tp = (await next.catalogue.get()).touchpoints.find((x) => x.key === "app_checkout");
    expect(tp?.stage).toBe("decision");
    const stages = (await admin.admin.catalogue.get()).stages;
    expect(stages.find((s) => s.key === "decision")?.events).toBe(3);
    expect(stages.find((s) => s.key === "purchase")?.events).toBe(0);
    const { rows } = await admin.admin.audit.list({ entityType: "touchpoint" });
    expect(rows[0]).toMatchObject({
      action: "touchpoint.update",
      actorEmail: users.admin.email,
      entityId: "app_checkout",
    });
  });

  it("previews and saves a reorder; the catalogue every page reads follows it", async () => {
    const swapped = ["discovery", "decision", "consideration", ...ORDER.slice(3)];
    const preview = await admin.admin.catalogue.previewReorder({ keys: swapped });
    expect(preview.eventsChanged).toBe(0);
    expect(preview.nextStageChanges.map((c) => [c.stage, c.toNext])).toEqual([
      ["discovery", "decision"],
      ["decision", "consideration"],
      ["consideration", "purchase"],
    ]);
    await admin.admin.catalogue.reorderStages({ keys: swapped });
    const next = await callerAs(t.db, users.viewer);
    expect((await next.catalogue.get()).stages.map((s) => s.key)).toEqual(swapped);
  });
});
