import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOverviewKpis as getOverviewKpisOnPostgres, MIN_RATINGS } from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { CatalogueError } from "../../src/queries";
import { stages } from "../../src/schema";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
  assignTestPersonas,
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "../helpers";

/**
 * Period [T0, T0 + 10 d), previous period [T0 − 10 d, T0). a is `young` (age 25), b is `loyal`
 * (member), the others have no persona.
 */
const FIXTURE: FixtureEvent[] = [
  { id: "a1", customer: "a", touchpoint: "ads", t: 0, satisfaction: 4 },
  { id: "a2", customer: "a", touchpoint: "website", t: HOUR, satisfaction: 2 },
  {
    id: "a3",
    customer: "a",
    touchpoint: "checkout",
    t: 2 * HOUR,
    type: "purchase",
    revenue: "100.00",
    satisfaction: 5,
  },
  {
    id: "b1",
    customer: "b",
    touchpoint: "till",
    t: DAY,
    type: "purchase",
    revenue: "50.00",
    satisfaction: 3,
  },
  {
    id: "b2",
    customer: "b",
    touchpoint: "delivery",
    t: DAY + 12 * HOUR,
    type: "return",
    revenue: "-20.00",
  },
  // A purchase-typed event on the website is still in the consideration stage: no conversion.
  {
    id: "c1",
    customer: "c",
    touchpoint: "website",
    t: 5 * HOUR,
    type: "purchase",
    revenue: "10.00",
  },
  { id: "c2", customer: "c", touchpoint: "app", t: 6 * HOUR, satisfaction: 3 },
  // A website event that names the purchase stage is a conversion.
  { id: "d1", customer: "d", touchpoint: "website", t: 2 * DAY, stage: "purchase" },
  // At `to`: outside the half-open period.
  { id: "e1", customer: "e", touchpoint: "ads", t: 10 * DAY, satisfaction: 5 },
  { id: "f1", customer: "f", touchpoint: "ads", t: -1, satisfaction: 1 },
  { id: "f2", customer: "f", touchpoint: "store", t: 3 * DAY },
  // Exactly at the previous period's start: inside it.
  { id: "g1", customer: "g", touchpoint: "ads", t: -10 * DAY },
  {
    id: "g2",
    customer: "g",
    touchpoint: "checkout",
    t: -9 * DAY,
    type: "purchase",
    revenue: "30.00",
    satisfaction: 4,
  },
  // One second before the previous period: in neither.
  { id: "h1", customer: "h", touchpoint: "ads", t: -10 * DAY - 1, revenue: "999.00" },
];

/** A one-day period 200 days on with 10 ratings, after a day with 9. */
const RATED = 200 * DAY;
const CURRENT_RATINGS = [5, 5, 5, 4, 4, 4, 3, 3, 2, 1];
const PREVIOUS_RATINGS = [5, 4, 4, 3, 3, 3, 2, 2, 1];
const RATINGS: FixtureEvent[] = [
  ...CURRENT_RATINGS.map((satisfaction, i) => ({
    id: `s${i}`,
    customer: `s${i}`,
    touchpoint: "newsletter",
    t: RATED + i * HOUR,
    satisfaction,
  })),
  { id: "s-unrated", customer: "s0", touchpoint: "ads", t: RATED + 12 * HOUR },
  ...PREVIOUS_RATINGS.map((satisfaction, i) => ({
    id: `p${i}`,
    customer: `s${i}`,
    touchpoint: "newsletter",
    t: RATED - DAY + i * HOUR,
    satisfaction,
  })),
];

const filter = { from: date(0), to: date(10 * DAY) };

describe.each(METRIC_ENGINES)("getOverviewKpis on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getOverviewKpis = onEngine(engine, () => t).metric(
    getOverviewKpisOnPostgres,
    chm.getOverviewKpis,
  );

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [...FIXTURE, ...RATINGS]);
    await assignTestPersonas(t.db, { a: { age: 25 }, b: { member: true } });
  });
  afterAll(() => t.cleanup());

  it("active customers a b c d f = 5 (e acts at `to`), events 3 + 2 + 2 + 1 + 1 = 9", async () => {
    const k = await getOverviewKpis(t.db, { filter });
    expect(k.current.from).toEqual(date(0));
    expect(k.current.to).toEqual(date(10 * DAY));
    expect(k.current.activeCustomers).toBe(5);
    expect(k.current.events).toBe(9);
  });

  it("converted: purchase stage events of a, b and d (named stage), not c's purchase-typed website event → 3 / 5 = 0.6", async () => {
    const k = await getOverviewKpis(t.db, { filter });
    expect(k.conversionStage).toBe("purchase");
    expect(k.current.convertedCustomers).toBe(3);
    expect(k.current.conversionRate).toBeCloseTo(0.6, 12);
  });

  it("revenue sums every event, a return negative: 100 + 50 − 20 + 10 = 140", async () => {
    const k = await getOverviewKpis(t.db, { filter });
    expect(k.current.revenue).toBe(140);
  });

  it("satisfaction (4 + 2 + 5 + 3 + 3) / 5 = 3.4 with n = 5 < 10: not sufficient", async () => {
    const k = await getOverviewKpis(t.db, { filter });
    expect(MIN_RATINGS).toBe(10);
    expect(k.current.satisfaction.mean).toBeCloseTo(3.4, 12);
    expect(k.current.satisfaction).toMatchObject({ n: 5, sufficient: false });
  });

  it("previous period [−10 d, 0): f and g (h is 1 s too early), events 3, converted 1 / 2, revenue 30, satisfaction (1 + 4) / 2 = 2.5", async () => {
    const k = await getOverviewKpis(t.db, { filter });
    expect(k.previous.from).toEqual(date(-10 * DAY));
    expect(k.previous.to).toEqual(date(0));
    expect(k.previous).toMatchObject({
      activeCustomers: 2,
      events: 3,
      convertedCustomers: 1,
      conversionRate: 0.5,
      revenue: 30,
      satisfaction: { mean: 2.5, n: 2, sufficient: false },
    });
  });

  it("the previous period has the same length: [0, 1 d) has a and c (3 + 2 events, 1 converted), [−1 d, 0) f alone: 1 event, 0 / 1", async () => {
    const k = await getOverviewKpis(t.db, { filter: { from: date(0), to: date(DAY) } });
    expect(k.current).toMatchObject({ activeCustomers: 2, events: 5, convertedCustomers: 1 });
    expect(k.previous.from).toEqual(date(-DAY));
    expect(k.previous).toMatchObject({
      activeCustomers: 1,
      events: 1,
      convertedCustomers: 0,
      conversionRate: 0,
      revenue: 0,
    });
  });

  it("10 ratings are sufficient: 36 / 10 = 3.6; the day before has 9: 27 / 9 = 3, not sufficient", async () => {
    const k = await getOverviewKpis(t.db, {
      filter: { from: date(RATED), to: date(RATED + DAY) },
    });
    expect(k.current).toMatchObject({ activeCustomers: 10, events: 11 });
    expect(k.current.satisfaction.mean).toBeCloseTo(3.6, 12);
    expect(k.current.satisfaction).toMatchObject({ n: 10, sufficient: true });
    expect(k.previous).toMatchObject({ activeCustomers: 9, events: 9 });
    expect(k.previous.satisfaction).toEqual({ mean: 3, n: 9, sufficient: false });
  });

  it("an empty period: 0 customers, no conversion rate, revenue 0, no satisfaction", async () => {
    const k = await getOverviewKpis(t.db, {
      filter: { from: date(100 * DAY), to: date(101 * DAY) },
    });
    expect(k.current).toMatchObject({
      activeCustomers: 0,
      events: 0,
      convertedCustomers: 0,
      conversionRate: null,
      revenue: 0,
      satisfaction: { mean: null, n: 0, sufficient: false },
    });
  });

  describe("filters", () => {
    it("channel store keeps b1 and f2: active 2, events 2, converted 1 / 2, revenue 50; previous period empty", async () => {
      const k = await getOverviewKpis(t.db, { filter: { ...filter, channels: ["store"] } });
      expect(k.current).toMatchObject({
        activeCustomers: 2,
        events: 2,
        convertedCustomers: 1,
        conversionRate: 0.5,
        revenue: 50,
        satisfaction: { mean: 3, n: 1 },
      });
      expect(k.previous).toMatchObject({ activeCustomers: 0, conversionRate: null, revenue: 0 });
    });

    it("touchpoint website keeps a2, c1, d1: active 3, converted d → 1 / 3, revenue 10, satisfaction 2 (n 1)", async () => {
      const k = await getOverviewKpis(t.db, { filter: { ...filter, touchpoints: ["website"] } });
      expect(k.current).toMatchObject({
        activeCustomers: 3,
        events: 3,
        convertedCustomers: 1,
        revenue: 10,
        satisfaction: { mean: 2, n: 1 },
      });
      expect(k.current.conversionRate).toBeCloseTo(1 / 3, 12);
    });

    it("persona young (a): 1 customer, 3 events, 1 / 1 converted, revenue 100, satisfaction 11 / 3", async () => {
      const k = await getOverviewKpis(t.db, { filter: { ...filter, personas: ["young"] } });
      expect(k.current).toMatchObject({
        activeCustomers: 1,
        events: 3,
        conversionRate: 1,
        revenue: 100,
      });
      expect(k.current.satisfaction.mean).toBeCloseTo(11 / 3, 12);
      expect(k.previous.activeCustomers).toBe(0);
    });

    it("personas young + loyal (a, b): active 2, events 5, 2 / 2 converted, revenue 130, satisfaction 14 / 4 = 3.5", async () => {
      const k = await getOverviewKpis(t.db, {
        filter: { ...filter, personas: ["young", "loyal"] },
      });
      expect(k.current).toMatchObject({
        activeCustomers: 2,
        events: 5,
        conversionRate: 1,
        revenue: 130,
        satisfaction: { mean: 3.5, n: 4 },
      });
    });

    it("unassigned (c, d, f): active 3, events 4, converted 1 / 3, revenue 10; previous f, g: 2, revenue 30", async () => {
      const k = await getOverviewKpis(t.db, { filter: { ...filter, personas: ["unassigned"] } });
      expect(k.current).toMatchObject({ activeCustomers: 3, events: 4, revenue: 10 });
      expect(k.current.conversionRate).toBeCloseTo(1 / 3, 12);
      expect(k.previous).toMatchObject({ activeCustomers: 2, events: 3, revenue: 30 });
    });
  });

  // Changes the catalogue: keep last.
  describe("the conversion stage is the catalogue's", () => {
    it("none marked is a CatalogueError; decision marked: converted = f (store) → 1 / 5 = 0.2", async () => {
      await t.db.update(stages).set({ isConversion: false }).where(eq(stages.key, "purchase"));
      await expect(getOverviewKpis(t.db, { filter })).rejects.toThrow(CatalogueError);
      await t.db.update(stages).set({ isConversion: true }).where(eq(stages.key, "decision"));
      const k = await getOverviewKpis(t.db, { filter });
      expect(k.conversionStage).toBe("decision");
      expect(k.current.convertedCustomers).toBe(1);
      expect(k.current.conversionRate).toBeCloseTo(0.2, 12);
    });
  });
});

describe.each(METRIC_ENGINES)("getOverviewKpis revenue to the cent on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getOverviewKpis = onEngine(engine, () => t).metric(
    getOverviewKpisOnPostgres,
    chm.getOverviewKpis,
  );
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      {
        id: "c1",
        customer: "c",
        touchpoint: "till",
        t: 0,
        type: "purchase",
        revenue: "999999999999.99",
      },
      { id: "c2", customer: "c", touchpoint: "till", t: HOUR, type: "purchase", revenue: "0.02" },
      { id: "c3", customer: "c", touchpoint: "delivery", t: DAY, type: "return", revenue: "-0.35" },
      { id: "p1", customer: "p", touchpoint: "till", t: -DAY, type: "purchase", revenue: "0.10" },
      { id: "p2", customer: "p", touchpoint: "till", t: -HOUR, type: "purchase", revenue: "0.20" },
    ]);
  });
  afterAll(() => t.cleanup());

  it("current: 999,999,999,999.99 + 0.02 − 0.35 = 999,999,999,999.66; previous: 0.10 + 0.20 = 0.30", async () => {
    const k = await getOverviewKpis(t.db, { filter });
    expect(k.current.revenue).toBe(999999999999.66);
    expect(k.previous.revenue).toBe(0.3);
    expect([k.current.activeCustomers, k.previous.activeCustomers]).toEqual([1, 1]);
  });
});
