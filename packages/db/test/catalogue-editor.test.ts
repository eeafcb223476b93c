import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import {
  createTouchpoint,
  getCatalogue,
  getCatalogueForAdmin,
  listAudit,
  previewTouchpointChange,
  reorderStages,
  updateStage,
  updateTouchpoint,
} from "../src/queries";
import {
  DAY,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

const admin = { id: null, email: "admin@example.com" };

describe.each(TEST_TARGETS)("catalogue editor on %s", (target) => {
  let t: TestDatabase;
  const stageOf = async (eventId: string) => {
    const [row] = await queryRows<{ stage: string; channel: string }>(
      t.db,
      sql`SELECT s.key AS stage, c.key AS channel FROM events e JOIN stages s ON s.id = e.stage_id
          JOIN channels c ON c.id = e.channel_id WHERE e.event_id = ${eventId}`,
    );
    return row;
  };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    // app_checkout sits in purchase on the app channel.
    await insertEvents(t.db, [
      { id: "x1", customer: "c1", touchpoint: "app_checkout", t: 0 },
      { id: "x2", customer: "c1", touchpoint: "app_checkout", t: DAY },
      { id: "x3", customer: "c2", touchpoint: "app_checkout", t: DAY },
      // This one named its own stage: it keeps it.
      { id: "x4", customer: "c3", touchpoint: "app_checkout", t: DAY, stage: "decision" },
      // And this one its own channel: not the touchpoint's, so it keeps it too.
      { id: "x5", customer: "c3", touchpoint: "app_checkout", t: 2 * DAY, channel: "web" },
    ]);
  });
  afterAll(() => t.cleanup());

  it("moving app_checkout to after_sales: the preview says 4 events of 3 customers move, 1 keeps its own stage; the move does exactly that", async () => {
    const change = { key: "app_checkout", stage: "after_sales" };
    const preview = await previewTouchpointChange(t.db, change);
    expect(preview).toEqual({
      eventsMovingStage: 4,
      customersMovingStage: 3,
      eventsKeepingStage: 1,
      eventsMovingChannel: 0,
      fromStage: "purchase",
      toStage: "after_sales",
      fromChannel: "app",
      toChannel: "app",
    });
    expect(await updateTouchpoint(t.db, admin, change)).toEqual(preview);
    expect((await Promise.all(["x1", "x4", "x5"].map(stageOf))).map((r) => r?.stage)).toEqual([
      "after_sales",
      "decision",
      "after_sales",
    ]);
  });

  it("changing its channel to web moves the 4 events on the app channel; the one already on web stays", async () => {
    const preview = await previewTouchpointChange(t.db, { key: "app_checkout", channel: "web" });
    expect(preview.eventsMovingChannel).toBe(4);
    await updateTouchpoint(t.db, admin, {
      key: "app_checkout",
      channel: "web",
      name: "Checkout (app)",
    });
    expect((await stageOf("x1"))?.channel).toBe("web");
    const tp = (await getCatalogueForAdmin(t.db)).touchpoints.find((x) => x.key === "app_checkout");
    expect(tp).toMatchObject({
      name: "Checkout (app)",
      channel: "web",
      stage: "after_sales",
      events: 5,
    });
  });

  it("reorders stages (a permutation only) and edits a stage's text; both are logged", async () => {
    const keys = ["discovery", "decision", "consideration", "purchase", "after_sales", "loyalty"];
    await reorderStages(t.db, admin, keys);
    expect((await getCatalogue(t.db)).stages.map((s) => s.key)).toEqual(keys);
    await expect(reorderStages(t.db, admin, keys.slice(1))).rejects.toThrow(
      /give every stage exactly once/,
    );
    await expect(reorderStages(t.db, admin, [...keys.slice(1), "discovery2"])).rejects.toThrow(
      /exactly once/,
    );
    await updateStage(t.db, admin, {
      key: "decision",
      name: "Choice",
      goal: "Pick",
      actions: ["Compare"],
    });
    const { rows } = await listAudit(t.db, { entityType: "stage" });
    expect(rows.map((r) => r.action)).toEqual(["stage.update", "stage.reorder"]);
    expect(rows[0]).toMatchObject({
      before: { name: "Decision" },
      after: { name: "Choice", actions: ["Compare"] },
    });
  });

  it("adds a touchpoint; a duplicate key is a conflict and an unknown stage not found", async () => {
    await createTouchpoint(t.db, admin, {
      key: "kiosk",
      name: "Kiosk",
      channel: "store",
      stage: "decision",
    });
    await expect(
      createTouchpoint(t.db, admin, {
        key: "kiosk",
        name: "Kiosk",
        channel: "store",
        stage: "decision",
      }),
    ).rejects.toThrow("a touchpoint with the key kiosk already exists");
    await expect(
      createTouchpoint(t.db, admin, {
        key: "kiosk2",
        name: "Kiosk",
        channel: "store",
        stage: "nirvana",
      }),
    ).rejects.toThrow("no stage with the key nirvana");
  });
});
