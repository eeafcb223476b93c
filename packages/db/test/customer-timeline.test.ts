import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getCustomerTimeline,
  getPrivacySettings,
  listAudit,
  searchCustomers,
  setPrivacySettings,
} from "../src/queries";
import { customers, events } from "../src/schema";
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

describe.each(TEST_TARGETS)("customer timeline on %s", (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    // Sent out of order: the timeline sorts by time. z1 and z2 are the same instant (by event id).
    await insertEvents(t.db, [
      {
        id: "z3",
        customer: "ana",
        touchpoint: "checkout",
        t: 2 * DAY,
        type: "purchase",
        revenue: "19.90",
      },
      { id: "z1", customer: "ana", touchpoint: "ads", t: HOUR, satisfaction: 4 },
      { id: "z2", customer: "ana", touchpoint: "website", t: HOUR },
      { id: "z4", customer: "ana", touchpoint: "website", t: 3 * DAY, stage: "after_sales" },
      { id: "z5", customer: "ana", touchpoint: "delivery", t: 4 * DAY },
      { id: "o1", customer: "ana_2", touchpoint: "ads", t: HOUR },
      { id: "o2", customer: "a%b", touchpoint: "ads", t: HOUR },
    ]);
    await t.db
      .update(events)
      .set({ comment: "late parcel", properties: { order: "A-1" } })
      .where(eq(events.eventId, "z5"));
    await t.db
      .update(customers)
      .set({ attributes: { age: 20 } })
      .where(eq(customers.externalId, "ana"));
  });
  afterAll(() => t.cleanup());

  it("every event in time order (ties by event id) with its keys, stage changes at ads→website, website→checkout, checkout→website (after-sales named by the event); delivery stays in after-sales", async () => {
    const timeline = await getCustomerTimeline(t.db, "ana");
    expect(timeline?.events.map((e) => [e.eventId, e.stage.key, e.stageChange])).toEqual([
      ["z1", "discovery", true],
      ["z2", "consideration", true],
      ["z3", "purchase", true],
      ["z4", "after_sales", true],
      ["z5", "after_sales", false],
    ]);
    expect(timeline?.total).toBe(5);
    const [first, , purchase, , last] = timeline?.events ?? [];
    expect(first).toMatchObject({
      occurredAt: date(HOUR),
      touchpoint: { key: "ads", name: "ads" },
      channel: { key: "web", name: "Web" },
      type: "view",
      satisfaction: 4,
      revenue: null,
      comment: null,
      properties: {},
    });
    expect(purchase).toMatchObject({ type: "purchase", revenue: 19.9 });
    expect(last).toMatchObject({ comment: "late parcel", properties: { order: "A-1" } });
  });

  it("the journey over the catalogue's six stages: first reached and events, decision and loyalty never", async () => {
    const timeline = await getCustomerTimeline(t.db, "ana");
    expect(timeline?.stages.map((s) => [s.key, s.firstAt, s.events])).toEqual([
      ["discovery", date(HOUR), 1],
      ["consideration", date(HOUR), 1],
      ["decision", null, 0],
      ["purchase", date(2 * DAY), 1],
      ["after_sales", date(3 * DAY), 2],
      ["loyalty", null, 0],
    ]);
    expect(timeline?.attributes).toEqual({ age: 20 });
  });

  it("an unknown customer is null (the API's 404)", async () => {
    expect(await getCustomerTimeline(t.db, "nobody")).toBeNull();
  });

  it("search by prefix: 'ana' finds ana and ana_2; '_' and '%' are literal, not wildcards", async () => {
    expect(await searchCustomers(t.db, "ana")).toEqual(["ana", "ana_2"]);
    expect(await searchCustomers(t.db, "ana_")).toEqual(["ana_2"]);
    expect(await searchCustomers(t.db, "a%")).toEqual(["a%b"]);
    expect(await searchCustomers(t.db, "anb")).toEqual([]);
  });

  it("viewers' access is off by default; switching it records one audit row, saving it unchanged none", async () => {
    expect(await getPrivacySettings(t.db)).toEqual({ viewersSeeCustomers: false });
    const actor = { id: null, email: "cli" };
    await setPrivacySettings(t.db, actor, { viewersSeeCustomers: true });
    await setPrivacySettings(t.db, actor, { viewersSeeCustomers: true });
    expect(await getPrivacySettings(t.db)).toEqual({ viewersSeeCustomers: true });
    const audit = await listAudit(t.db, { entityType: "privacy" });
    expect(audit.rows.map((r) => r.action)).toEqual(["privacy.settings"]);
  });
});
