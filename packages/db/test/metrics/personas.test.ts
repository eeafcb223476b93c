import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getPersonaBreakdown as getPersonaBreakdownOnPostgres,
  type PersonaBreakdownRow,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { personas } from "../../src/schema";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
  assignTestPersonas,
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  MINUTE,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "../helpers";

/**
 * The test catalogue's rules: young = age < 30 (priority 1), loyal = member (priority 2); a
 * third persona, dormant, matches nobody. y3 is both young and a member: young comes first.
 */
const ATTRIBUTES: Record<string, Record<string, unknown>> = {
  y1: { age: 22 },
  y2: { age: "27" },
  y3: { age: 29, member: true },
  l1: { member: true },
  l2: { member: true, age: 45 },
  u1: {},
  u2: { age: 30 },
};

const purchase = (revenue: string) => ({ type: "purchase", revenue });

/** Period [T0, T0 + 10 d). */
const FIXTURE: FixtureEvent[] = [
  { id: "y1a", customer: "y1", touchpoint: "ads", t: 0, satisfaction: 5 },
  { id: "y1b", customer: "y1", touchpoint: "website", t: HOUR, satisfaction: 4 },
  {
    id: "y1c",
    customer: "y1",
    touchpoint: "checkout",
    t: 2 * HOUR,
    satisfaction: 5,
    ...purchase("80.00"),
  },
  { id: "y2a", customer: "y2", touchpoint: "app", t: 0, satisfaction: 2 },
  { id: "y2b", customer: "y2", touchpoint: "app_checkout", t: HOUR, ...purchase("40.00") },
  {
    id: "y2c",
    customer: "y2",
    touchpoint: "delivery",
    t: 2 * DAY,
    type: "return",
    revenue: "-40.00",
    satisfaction: 1,
  },
  { id: "y3a", customer: "y3", touchpoint: "ads", t: DAY },
  { id: "y3b", customer: "y3", touchpoint: "newsletter", t: 2 * DAY },
  { id: "l1a", customer: "l1", touchpoint: "store", t: 0, satisfaction: 4 },
  {
    id: "l1b",
    customer: "l1",
    touchpoint: "till",
    t: 10 * MINUTE,
    satisfaction: 5,
    ...purchase("120.00"),
  },
  { id: "l1c", customer: "l1", touchpoint: "till", t: DAY, ...purchase("60.00") },
  // Before the period: l2's discovery does not count.
  { id: "l2a", customer: "l2", touchpoint: "ads", t: -DAY },
  { id: "l2b", customer: "l2", touchpoint: "website", t: DAY, satisfaction: 3 },
  { id: "u1a", customer: "u1", touchpoint: "ads", t: 0 },
  { id: "u1b", customer: "u1", touchpoint: "website", t: HOUR },
  { id: "u1c", customer: "u1", touchpoint: "store", t: 2 * HOUR, satisfaction: 2 },
  { id: "u2a", customer: "u2", touchpoint: "ads", t: 3 * DAY, satisfaction: 3 },
  // A website event that names its stage reaches decision, not consideration.
  { id: "u2b", customer: "u2", touchpoint: "website", t: 4 * DAY, stage: "decision" },
  // At `to`: outside the period.
  { id: "u2c", customer: "u2", touchpoint: "till", t: 10 * DAY, ...purchase("500.00") },
];

const filter = { from: date(0), to: date(10 * DAY) };
const reach = (d: number, c: number, dec: number, p: number, a: number, l: number) => ({
  discovery: d,
  consideration: c,
  decision: dec,
  purchase: p,
  after_sales: a,
  loyalty: l,
});

describe.each(METRIC_ENGINES)("getPersonaBreakdown on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getPersonaBreakdown = onEngine(engine, () => t).metric(
    getPersonaBreakdownOnPostgres,
    chm.getPersonaBreakdown,
  );
  const breakdown = async (extra: { personas?: string[]; channels?: string[] } = {}) =>
    (await getPersonaBreakdown(t.db, { filter: { ...filter, ...extra } })).personas;
  const row = (rows: PersonaBreakdownRow[], key: string) => rows.find((r) => r.persona === key);

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await t.db.insert(personas).values({
      key: "dormant",
      name: "Dormant",
      colour: "#999999",
      priority: 3,
      rules: { match: "all", conditions: [{ attribute: "never_set", operator: "exists" }] },
    });
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, ATTRIBUTES);
  });
  afterAll(() => t.cleanup());

  it("one row per active persona by priority, then unassigned: young, loyal, dormant, unassigned; 3 + 2 + 0 + 2 = 7 customers", async () => {
    const rows = await breakdown();
    expect(rows.map((r) => r.persona)).toEqual(["young", "loyal", "dormant", "unassigned"]);
    expect(rows.map((r) => r.activeCustomers)).toEqual([3, 2, 0, 2]);
    expect(rows.map((r) => [r.name, r.colour])).toEqual([
      ["Young mobile", "#2563eb"],
      ["Loyal", "#16a34a"],
      ["Dormant", "#999999"],
      [null, null],
    ]);
  });

  it("young (y1, y2 age '27', y3 also a member): 8 events, reach 2/2/0/2/1/1, conversion 2 / 3", async () => {
    const young = row(await breakdown(), "young");
    expect(young).toMatchObject({ activeCustomers: 3, events: 3 + 3 + 2 });
    expect(young?.reach).toEqual(reach(2, 2, 0, 2, 1, 1));
    expect(young?.conversionRate).toBeCloseTo(2 / 3, 12);
  });

  it("young: satisfaction (5 + 4 + 5 + 2 + 1) / 5 = 3.4, revenue 80 + 40 − 40 = 80, 2 orders, AOV (80 + 40) / 2 = 60", async () => {
    const young = row(await breakdown(), "young");
    expect(young?.satisfaction.mean).toBeCloseTo(3.4, 12);
    expect(young?.satisfaction).toMatchObject({ n: 5, sufficient: false });
    expect(young).toMatchObject({ revenue: 80, orders: 2, averageOrderValue: 60 });
  });

  it("loyal (l1, l2 whose discovery was before `from`): 4 events, reach 0/1/1/1/0/0, conversion 1 / 2", async () => {
    const loyal = row(await breakdown(), "loyal");
    expect(loyal).toMatchObject({ activeCustomers: 2, events: 4, conversionRate: 0.5 });
    expect(loyal?.reach).toEqual(reach(0, 1, 1, 1, 0, 0));
  });

  it("loyal: satisfaction (4 + 5 + 3) / 3 = 4, revenue 120 + 60 = 180, 2 orders, AOV 90", async () => {
    const loyal = row(await breakdown(), "loyal");
    expect(loyal?.satisfaction).toEqual({ mean: 4, n: 3, sufficient: false });
    expect(loyal).toMatchObject({ revenue: 180, orders: 2, averageOrderValue: 90 });
  });

  it("dormant has no customers: zeros, no conversion rate, no satisfaction, no AOV", async () => {
    expect(row(await breakdown(), "dormant")).toEqual({
      persona: "dormant",
      name: "Dormant",
      colour: "#999999",
      activeCustomers: 0,
      events: 0,
      reach: reach(0, 0, 0, 0, 0, 0),
      conversionRate: null,
      satisfaction: { mean: null, n: 0, sufficient: false },
      revenue: 0,
      orders: 0,
      averageOrderValue: null,
    });
  });

  it("unassigned (u1, u2 age 30; u2's purchase at `to` is out): 5 events, reach 2/1/2/0/0/0, conversion 0 / 2, satisfaction (2 + 3) / 2 = 2.5, AOV none", async () => {
    const none = row(await breakdown(), "unassigned");
    expect(none).toMatchObject({
      activeCustomers: 2,
      events: 5,
      conversionRate: 0,
      satisfaction: { mean: 2.5, n: 2, sufficient: false },
      revenue: 0,
      orders: 0,
      averageOrderValue: null,
    });
    expect(none?.reach).toEqual(reach(2, 1, 2, 0, 0, 0));
  });

  it("a persona filter lists only the chosen personas, in priority order: loyal; young + unassigned", async () => {
    expect((await breakdown({ personas: ["loyal"] })).map((r) => r.persona)).toEqual(["loyal"]);
    const two = await breakdown({ personas: ["unassigned", "young"] });
    expect(two.map((r) => [r.persona, r.activeCustomers, r.events])).toEqual([
      ["young", 3, 8],
      ["unassigned", 2, 5],
    ]);
  });

  it("an unknown persona in the filter is an UnknownKeyError", async () => {
    await expect(breakdown({ personas: ["ghost"] })).rejects.toThrow("unknown persona: ghost");
  });

  it("channel store: young 0; loyal l1 with 3 events, 180 revenue, AOV 90; unassigned u1's store visit, conversion 0 / 1", async () => {
    const rows = await breakdown({ channels: ["store"] });
    expect(rows.map((r) => [r.persona, r.activeCustomers, r.events, r.revenue])).toEqual([
      ["young", 0, 0, 0],
      ["loyal", 1, 3, 180],
      ["dormant", 0, 0, 0],
      ["unassigned", 1, 1, 0],
    ]);
    expect(row(rows, "loyal")).toMatchObject({ conversionRate: 1, averageOrderValue: 90 });
    expect(row(rows, "loyal")?.reach).toEqual(reach(0, 0, 1, 1, 0, 0));
    expect(row(rows, "unassigned")).toMatchObject({
      conversionRate: 0,
      satisfaction: { mean: 2, n: 1 },
    });
  });
});

describe.each(METRIC_ENGINES)("getPersonaBreakdown revenue to the cent on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getPersonaBreakdown = onEngine(engine, () => t).metric(
    getPersonaBreakdownOnPostgres,
    chm.getPersonaBreakdown,
  );
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      { id: "c1a", customer: "c1", touchpoint: "till", t: 0, ...purchase("99999999999.99") },
      { id: "c1b", customer: "c1", touchpoint: "till", t: HOUR, ...purchase("0.02") },
      {
        id: "c2a",
        customer: "c2",
        touchpoint: "delivery",
        t: DAY,
        type: "return",
        revenue: "-0.35",
      },
      { id: "c2b", customer: "c2", touchpoint: "website", t: 2 * DAY, revenue: "1.10" },
    ]);
  });
  afterAll(() => t.cleanup());

  it("unassigned: revenue 99,999,999,999.99 + 0.02 − 0.35 + 1.10 = 100,000,000,000.76; 2 orders, AOV 100,000,000,000.01 / 2", async () => {
    const rows = (await getPersonaBreakdown(t.db, { filter })).personas;
    const unassigned = rows.find((r) => r.persona === "unassigned");
    expect(unassigned).toMatchObject({
      activeCustomers: 2,
      events: 4,
      revenue: 100000000000.76,
      orders: 2,
    });
    expect(unassigned?.averageOrderValue).toBe(100000000000.01 / 2);
  });
});
