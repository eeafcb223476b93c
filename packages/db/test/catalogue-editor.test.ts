import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import { getFunnel, getOverviewKpis, getTouchpointHeatmap } from "../src/metrics";
import {
  createTouchpoint,
  getCatalogue,
  getCatalogueForAdmin,
  listAudit,
  previewConversionStage,
  previewStageReorder,
  previewTouchpointChange,
  reorderStages,
  setConversionStage,
  updateStage,
  updateTouchpoint,
} from "../src/queries";
import {
  DAY,
  date,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

const admin = { id: null, email: "admin@example.com" };
const filter = { from: date(0), to: date(10 * DAY) };
const ORDER = ["discovery", "consideration", "decision", "purchase", "after_sales", "loyalty"];
const SWAPPED = ["discovery", "decision", "consideration", "purchase", "after_sales", "loyalty"];

/**
 * The tests run in order on one database. app_checkout starts in purchase on the app channel;
 * c4 goes ads (discovery) → store (decision) an hour later and never touches consideration;
 * c5 buys at the till (purchase).
 */
describe.each(TEST_TARGETS)("catalogue editor on %s", (target) => {
  let t: TestDatabase;
  const placeOf = async (eventId: string) => {
    const [row] = await queryRows<{ stage: string; channel: string }>(
      t.db,
      sql`SELECT s.key AS stage, c.key AS channel FROM events e JOIN stages s ON s.id = e.stage_id
          JOIN channels c ON c.id = e.channel_id WHERE e.event_id = ${eventId}`,
    );
    return row;
  };
  const places = async (ids: string[]) => Promise.all(ids.map(placeOf));
  const stageEvents = async () =>
    Object.fromEntries((await getCatalogueForAdmin(t.db)).stages.map((s) => [s.key, s.events]));
  const actions = async (entityType: string) =>
    (await listAudit(t.db, { entityType })).rows.map((r) => r.action);

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      { id: "x1", customer: "c1", touchpoint: "app_checkout", t: 0 },
      { id: "x2", customer: "c1", touchpoint: "app_checkout", t: DAY },
      { id: "x3", customer: "c2", touchpoint: "app_checkout", t: DAY },
      // This one named its own stage: it keeps it.
      { id: "x4", customer: "c3", touchpoint: "app_checkout", t: DAY, stage: "decision" },
      // And this one its own channel, not the touchpoint's: it keeps it too.
      { id: "x5", customer: "c3", touchpoint: "app_checkout", t: 2 * DAY, channel: "web" },
      { id: "y1", customer: "c4", touchpoint: "ads", t: 0 },
      { id: "y2", customer: "c4", touchpoint: "store", t: HOUR },
      { id: "z1", customer: "c5", touchpoint: "till", t: 0 },
    ]);
  });
  afterAll(() => t.cleanup());

  it("lists stages in order with event counts (decision 2 = x4 + y2, purchase 5 = x1–x3, x5, z1) and touchpoints by channel", async () => {
    const cat = await getCatalogueForAdmin(t.db);
    expect(cat.stages.map((s) => [s.key, s.position, s.events, s.isConversion])).toEqual([
      ["discovery", 0, 1, false],
      ["consideration", 1, 0, false],
      ["decision", 2, 2, false],
      ["purchase", 3, 5, true],
      ["after_sales", 4, 0, false],
      ["loyalty", 5, 0, false],
    ]);
    expect(cat.touchpoints.find((x) => x.key === "app_checkout")).toEqual({
      key: "app_checkout",
      name: "app_checkout",
      channel: "app",
      stage: "purchase",
      events: 5,
      autoCreated: false,
    });
    expect(cat.touchpoints.map((x) => x.channel)).toEqual(
      [...cat.touchpoints.map((x) => x.channel)].sort(),
    );
    expect(cat.channels.map((c) => c.key)).toEqual(["app", "email", "store", "web"]);
  });

  it("moving app_checkout to after_sales: the preview says 4 events (x1, x2, x3, x5) of 3 customers move, x4 keeps its own stage; the move changes exactly that", async () => {
    const change = { key: "app_checkout", stage: "after_sales" };
    const preview = await previewTouchpointChange(t.db, change);
    expect(preview).toEqual({
      eventsMovingStage: 4,
      customersMovingStage: 3,
      eventsKeepingStage: 1,
      eventsMovingChannel: 0,
      customersMovingChannel: 0,
      firstEventAt: date(0),
      lastEventAt: date(2 * DAY),
      fromStage: "purchase",
      toStage: "after_sales",
      fromChannel: "app",
      toChannel: "app",
    });
    const before = await stageEvents();
    expect(await updateTouchpoint(t.db, admin, change)).toEqual(preview);
    const after = await stageEvents();
    expect((after.after_sales ?? 0) - (before.after_sales ?? 0)).toBe(4);
    expect((before.purchase ?? 0) - (after.purchase ?? 0)).toBe(4);
    expect(after.decision).toBe(before.decision);
    expect((await places(["x1", "x2", "x3", "x4", "x5"])).map((r) => r?.stage)).toEqual([
      "after_sales",
      "after_sales",
      "after_sales",
      "decision",
      "after_sales",
    ]);
    const [row] = (await listAudit(t.db, { entityType: "touchpoint" })).rows;
    expect(row).toMatchObject({
      action: "touchpoint.update",
      entityId: "app_checkout",
      actorEmail: "admin@example.com",
      before: { name: "app_checkout", stage: "purchase", channel: "app" },
      after: { name: "app_checkout", stage: "after_sales", channel: "app" },
    });
    expect(row?.summary).toContain("4 events re-attributed, 1 kept their own stage");
  });

  it("changing its channel to web (and its name) moves the 4 events on the app channel (x1–x4, 3 customers); x5, already on web, is not counted", async () => {
    const change = { key: "app_checkout", channel: "web", name: "Checkout (app)" };
    const preview = await previewTouchpointChange(t.db, change);
    expect(preview).toMatchObject({
      eventsMovingStage: 0,
      eventsKeepingStage: 0,
      eventsMovingChannel: 4,
      customersMovingChannel: 3,
      firstEventAt: date(0),
      lastEventAt: date(DAY),
      fromChannel: "app",
      toChannel: "web",
    });
    expect(await updateTouchpoint(t.db, admin, change)).toEqual(preview);
    expect((await places(["x1", "x4", "x5"])).map((r) => r?.channel)).toEqual([
      "web",
      "web",
      "web",
    ]);
    // The stage did not move this time: x4 still in its own stage.
    expect((await placeOf("x4"))?.stage).toBe("decision");
    const tp = (await getCatalogueForAdmin(t.db)).touchpoints.find((x) => x.key === "app_checkout");
    expect(tp).toMatchObject({ name: "Checkout (app)", channel: "web", stage: "after_sales" });
  });

  it("a rename moves nothing; saving without a change writes no audit row", async () => {
    const rename = { key: "app_checkout", name: "Mobile checkout" };
    expect(await previewTouchpointChange(t.db, rename)).toMatchObject({
      eventsMovingStage: 0,
      eventsMovingChannel: 0,
      firstEventAt: null,
      lastEventAt: null,
    });
    await updateTouchpoint(t.db, admin, rename);
    const count = (await actions("touchpoint")).length;
    await updateTouchpoint(t.db, admin, { ...rename, stage: "after_sales" });
    expect((await actions("touchpoint")).length).toBe(count);
  });

  it("an event stored with a stale stage (not its touchpoint's, not named) is set right by the next move, and the preview counts it", async () => {
    await queryRows(
      t.db,
      sql`UPDATE events SET stage_id = (SELECT id FROM stages WHERE key = 'loyalty')
          WHERE event_id = 'x3'`,
    );
    const change = { key: "app_checkout", stage: "purchase" };
    // x1, x2, x3 (stale, in loyalty), x5; not x4.
    const preview = await previewTouchpointChange(t.db, change);
    expect(preview).toMatchObject({ eventsMovingStage: 4, eventsKeepingStage: 1 });
    expect(await updateTouchpoint(t.db, admin, change)).toEqual(preview);
    expect((await places(["x2", "x3", "x4"])).map((r) => r?.stage)).toEqual([
      "purchase",
      "purchase",
      "decision",
    ]);
  });

  it("previewing discovery ↔ consideration ↔ decision swaps: no event changes; discovery, decision and consideration get a new next stage (1, 2 and 0 customers)", async () => {
    expect(await previewStageReorder(t.db, SWAPPED)).toEqual({
      eventsChanged: 0,
      before: ORDER,
      after: SWAPPED,
      nextStageChanges: [
        { stage: "discovery", customers: 1, fromNext: "consideration", toNext: "decision" },
        // c3 (x4) and c4 (y2).
        { stage: "decision", customers: 2, fromNext: "purchase", toNext: "consideration" },
        { stage: "consideration", customers: 0, fromNext: "decision", toNext: "purchase" },
      ],
    });
    expect((await previewStageReorder(t.db, ORDER)).nextStageChanges).toEqual([]);
  });

  it("after the reorder, the default stage funnel's step 2 and the heatmap's next stage of discovery are decision: c4 (ads → store 1 h later) now converts (0 → 1)", async () => {
    const defaultFunnel = async () => {
      const stages = (await getCatalogue(t.db)).stages.slice(0, 2);
      return getFunnel(t.db, {
        filter,
        steps: stages.map((s) => ({ kind: "stage" as const, key: s.key })),
      });
    };
    const adsCell = async () => {
      const heatmap = await getTouchpointHeatmap(t.db, { filter });
      const cell = heatmap.rows
        .find((r) => r.touchpoint === "ads")
        ?.cells.find((c) => c.stage === "discovery");
      const next = heatmap.stages.find((s) => s.key === "discovery")?.nextStage;
      return { next, reached: cell?.reachedNextStage };
    };
    expect((await defaultFunnel()).steps.map((s) => [s.key, s.customers])).toEqual([
      ["discovery", 1],
      ["consideration", 0],
    ]);
    expect(await adsCell()).toEqual({ next: "consideration", reached: 0 });
    const eventsBefore = await stageEvents();

    await reorderStages(t.db, admin, SWAPPED);

    expect((await getCatalogue(t.db)).stages.map((s) => [s.key, s.position])).toEqual(
      SWAPPED.map((k, i) => [k, i]),
    );
    expect((await defaultFunnel()).steps.map((s) => [s.key, s.customers])).toEqual([
      ["discovery", 1],
      ["decision", 1],
    ]);
    expect(await adsCell()).toEqual({ next: "decision", reached: 1 });
    expect(await stageEvents()).toEqual(eventsBefore);
    const [row] = (await listAudit(t.db, { entityType: "stage" })).rows;
    expect(row).toMatchObject({ action: "stage.reorder", before: ORDER, after: SWAPPED });
  });

  it("a new order must be a permutation: missing, unknown and repeated keys are named; the same order again writes nothing", async () => {
    await expect(reorderStages(t.db, admin, SWAPPED.slice(1))).rejects.toThrow(
      "the new order must list every stage exactly once (missing: discovery)",
    );
    await expect(reorderStages(t.db, admin, [...SWAPPED.slice(1), "discovery2"])).rejects.toThrow(
      "(missing: discovery; unknown: discovery2)",
    );
    await expect(previewStageReorder(t.db, [...SWAPPED.slice(1), "decision"])).rejects.toThrow(
      "(missing: discovery; repeated: decision)",
    );
    const count = (await actions("stage")).length;
    await reorderStages(t.db, admin, SWAPPED);
    expect((await actions("stage")).length).toBe(count);
    await reorderStages(t.db, admin, ORDER);
    expect((await getCatalogue(t.db)).stages.map((s) => s.key)).toEqual(ORDER);
  });

  it("edits a stage's name, goal and actions (display only) and logs before and after", async () => {
    const eventsBefore = await stageEvents();
    await updateStage(t.db, admin, {
      key: "decision",
      name: "Choice",
      goal: "Pick",
      actions: ["Compare", "Ask"],
    });
    const stage = (await getCatalogueForAdmin(t.db)).stages.find((s) => s.key === "decision");
    expect(stage).toMatchObject({ name: "Choice", goal: "Pick", actions: ["Compare", "Ask"] });
    expect(await stageEvents()).toEqual(eventsBefore);
    const [row] = (await listAudit(t.db, { entityType: "stage" })).rows;
    expect(row).toMatchObject({
      action: "stage.update",
      entityId: "decision",
      summary: "renamed the stage Decision to Choice",
      before: { name: "Decision", goal: "", actions: [] },
      after: { name: "Choice", goal: "Pick", actions: ["Compare", "Ask"] },
    });
    await expect(
      updateStage(t.db, admin, { key: "nirvana", name: "N", goal: "", actions: [] }),
    ).rejects.toThrow("no stage with the key nirvana");
  });

  it("making decision the conversion stage: purchase counted 4 converted customers (c1, c2, c3, c5), decision counts 2 (c3, c4); the KPIs follow, no event changes", async () => {
    // purchase: x1, x2 (c1), x3 (c2), x5 (c3), z1 (c5) → 4 customers; decision: x4 (c3), y2 (c4).
    expect(await previewConversionStage(t.db, "decision")).toEqual({
      eventsChanged: 0,
      fromStage: "purchase",
      toStage: "decision",
      customersFrom: 4,
      customersTo: 2,
    });
    expect((await getOverviewKpis(t.db, { filter })).current.convertedCustomers).toBe(4);
    await setConversionStage(t.db, admin, "decision");
    const kpis = await getOverviewKpis(t.db, { filter });
    expect(kpis.conversionStage).toBe("decision");
    expect(kpis.current.convertedCustomers).toBe(2);
    const [row] = (await listAudit(t.db, { entityType: "stage" })).rows;
    expect(row).toMatchObject({
      action: "stage.conversion",
      before: { conversionStage: "purchase" },
      after: { conversionStage: "decision" },
    });
    await setConversionStage(t.db, admin, "purchase");
    expect((await getOverviewKpis(t.db, { filter })).conversionStage).toBe("purchase");
  });

  it("confirming an auto-created touchpoint where it is clears its 'to place' flag, with an audit row", async () => {
    await queryRows(
      t.db,
      sql`INSERT INTO touchpoints (key, name, channel_id, stage_id, auto_created_at)
          SELECT 'qr_code', 'qr_code', c.id, s.id, now() FROM channels c, stages s
          WHERE c.key = 'store' AND s.key = 'discovery'`,
    );
    const listed = async () =>
      (await getCatalogueForAdmin(t.db)).touchpoints.find((x) => x.key === "qr_code");
    expect((await listed())?.autoCreated).toBe(true);
    await updateTouchpoint(t.db, admin, { key: "qr_code", stage: "discovery" });
    expect((await listed())?.autoCreated).toBe(false);
    const [row] = (await listAudit(t.db, { entityType: "touchpoint" })).rows;
    expect(row).toMatchObject({
      entityId: "qr_code",
      summary: "edited the touchpoint qr_code: placed it",
    });
  });

  it("adds a touchpoint with no history; a duplicate key is a conflict, an unknown stage or channel not found", async () => {
    const kiosk = { key: "kiosk", name: "Kiosk", channel: "store", stage: "decision" };
    await createTouchpoint(t.db, admin, kiosk);
    expect((await getCatalogueForAdmin(t.db)).touchpoints.find((x) => x.key === "kiosk")).toEqual({
      ...kiosk,
      events: 0,
      autoCreated: false,
    });
    const [row] = (await listAudit(t.db, { entityType: "touchpoint" })).rows;
    expect(row).toMatchObject({
      action: "touchpoint.create",
      entityId: "kiosk",
      before: null,
      after: { name: "Kiosk", channel: "store", stage: "decision" },
    });
    await expect(createTouchpoint(t.db, admin, kiosk)).rejects.toThrow(
      "a touchpoint with the key kiosk already exists",
    );
    await expect(
      createTouchpoint(t.db, admin, { ...kiosk, key: "kiosk2", stage: "nirvana" }),
    ).rejects.toThrow("no stage with the key nirvana");
    await expect(
      createTouchpoint(t.db, admin, { ...kiosk, key: "kiosk2", channel: "fax" }),
    ).rejects.toThrow("no channel with the key fax");
    await expect(updateTouchpoint(t.db, admin, { key: "nowhere", name: "N" })).rejects.toThrow(
      "no touchpoint with the key nowhere",
    );
    await expect(previewTouchpointChange(t.db, { key: "kiosk", stage: "nirvana" })).rejects.toThrow(
      "no stage with the key nirvana",
    );
  });
});
