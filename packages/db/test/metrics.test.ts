import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignPersonas,
  getEmotionCurve,
  getOverviewKpis,
  getPersonaBreakdown,
  getTouchpointHeatmap,
} from "../src/queries";
import { customers } from "../src/schema";
import {
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

/**
 * Period [T0, T0 + 10 d). a is `young` (age 25), b is `loyal` (member), the others match no
 * persona. d only acts in the previous period, e only after it.
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
    id: "a4",
    customer: "a",
    touchpoint: "delivery",
    t: 3 * DAY,
    type: "delivery",
    satisfaction: 1,
  },
  { id: "b1", customer: "b", touchpoint: "ads", t: 0, satisfaction: 5 },
  {
    id: "b2",
    customer: "b",
    touchpoint: "till",
    t: DAY,
    type: "purchase",
    revenue: "50.00",
    satisfaction: 3,
  },
  {
    id: "b3",
    customer: "b",
    touchpoint: "delivery",
    t: DAY + 12 * HOUR,
    type: "return",
    revenue: "-20.00",
  },
  { id: "c1", customer: "c", touchpoint: "website", t: 5 * HOUR },
  { id: "c2", customer: "c", touchpoint: "app", t: 6 * HOUR, satisfaction: 3 },
  { id: "c3", customer: "c", touchpoint: "website", t: 7 * HOUR, stage: "decision" },
  { id: "d1", customer: "d", touchpoint: "ads", t: -2 * DAY },
  {
    id: "d2",
    customer: "d",
    touchpoint: "checkout",
    t: -DAY,
    type: "purchase",
    revenue: "30.00",
    satisfaction: 4,
  },
  { id: "f1", customer: "f", touchpoint: "store", t: 8 * DAY },
  { id: "f2", customer: "f", touchpoint: "website", t: 8 * DAY + HOUR },
  { id: "g1", customer: "g", touchpoint: "ads", t: 9 * DAY },
  { id: "g2", customer: "g", touchpoint: "website", t: 10 * DAY },
  { id: "h1", customer: "h", touchpoint: "ads", t: 9 * DAY },
  { id: "h2", customer: "h", touchpoint: "website", t: 10 * DAY + 1 },
  { id: "e1", customer: "e", touchpoint: "ads", t: 10 * DAY + 2 * HOUR },
];

const filter = { from: date(0), to: date(10 * DAY) };

describe.each(TEST_TARGETS)("metrics on %s", (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await t.db
      .update(customers)
      .set({ attributes: { age: 25 } })
      .where(eq(customers.externalId, "a"));
    await t.db
      .update(customers)
      .set({ attributes: { member: true } })
      .where(eq(customers.externalId, "b"));
    await assignPersonas(t.db);
  });
  afterAll(() => t.cleanup());

  describe("getOverviewKpis", () => {
    it("active 6 (a b c f g h), events 4+3+3+2+1+1 = 14, converted 2 → 2/6, revenue 100+50−20 = 130", async () => {
      const k = await getOverviewKpis(t.db, { filter });
      expect(k.conversionStage).toBe("purchase");
      expect(k.current.activeCustomers).toBe(6);
      expect(k.current.events).toBe(14);
      expect(k.current.convertedCustomers).toBe(2);
      expect(k.current.conversionRate).toBeCloseTo(2 / 6, 12);
      expect(k.current.revenue).toBe(130);
    });

    it("satisfaction 4+2+5+1+5+3+3 = 23 over n = 7 → 3.2857, too few ratings to trust", async () => {
      const k = await getOverviewKpis(t.db, { filter });
      expect(k.current.satisfaction.n).toBe(7);
      expect(k.current.satisfaction.mean).toBeCloseTo(23 / 7, 12);
      expect(k.current.satisfaction.sufficient).toBe(false);
    });

    it("the previous period is the 10 days before: d alone, 2 events, 1/1 converted, revenue 30", async () => {
      const k = await getOverviewKpis(t.db, { filter });
      expect(k.previous.from).toEqual(date(-10 * DAY));
      expect(k.previous.to).toEqual(date(0));
      expect(k.previous.activeCustomers).toBe(1);
      expect(k.previous.events).toBe(2);
      expect(k.previous.conversionRate).toBe(1);
      expect(k.previous.revenue).toBe(30);
      expect(k.previous.satisfaction).toEqual({ mean: 4, n: 1, sufficient: false });
    });

    it("filters: channel store keeps b2 and f1 → active 2, events 2, converted 1 → 0.5", async () => {
      const k = await getOverviewKpis(t.db, { filter: { ...filter, channels: ["store"] } });
      expect([k.current.activeCustomers, k.current.events, k.current.conversionRate]).toEqual([
        2, 2, 0.5,
      ]);
    });
  });

  describe("getPersonaBreakdown", () => {
    it("young (a): 1 customer, 4 events, conversion 1, satisfaction 12/4 = 3, revenue 100, AOV 100/1", async () => {
      const b = await getPersonaBreakdown(t.db, { filter });
      const young = b.personas.find((p) => p.persona === "young");
      expect(young).toMatchObject({
        activeCustomers: 1,
        events: 4,
        conversionRate: 1,
        revenue: 100,
        orders: 1,
        averageOrderValue: 100,
      });
      expect(young?.satisfaction).toEqual({ mean: 3, n: 4, sufficient: false });
      expect(young?.reach).toEqual({
        discovery: 1,
        consideration: 1,
        decision: 0,
        purchase: 1,
        after_sales: 1,
        loyalty: 0,
      });
    });

    it("loyal (b): revenue 50 − 20 = 30 net, AOV 50 (purchases only), satisfaction (5+3)/2 = 4", async () => {
      const b = await getPersonaBreakdown(t.db, { filter });
      const loyal = b.personas.find((p) => p.persona === "loyal");
      expect(loyal).toMatchObject({
        activeCustomers: 1,
        events: 3,
        revenue: 30,
        orders: 1,
        averageOrderValue: 50,
      });
      expect(loyal?.satisfaction.mean).toBe(4);
    });

    it("unassigned (c f g h): 4 customers, 7 events, reach 2/2/2 in the first stages, conversion 0/4, AOV none", async () => {
      const b = await getPersonaBreakdown(t.db, { filter });
      const none = b.personas.find((p) => p.persona === "unassigned");
      expect(none).toMatchObject({
        activeCustomers: 4,
        events: 7,
        conversionRate: 0,
        revenue: 0,
        orders: 0,
        averageOrderValue: null,
      });
      expect(none?.reach).toMatchObject({
        discovery: 2,
        consideration: 2,
        decision: 2,
        purchase: 0,
      });
      expect(none?.satisfaction).toEqual({ mean: 3, n: 1, sufficient: false });
      expect(b.personas.map((p) => p.persona)).toEqual(["young", "loyal", "unassigned"]);
    });

    it("a persona filter lists only the chosen personas", async () => {
      const b = await getPersonaBreakdown(t.db, { filter: { ...filter, personas: ["loyal"] } });
      expect(b.personas.map((p) => [p.persona, p.activeCustomers])).toEqual([["loyal", 1]]);
    });
  });

  describe("getTouchpointHeatmap (W = 1 day)", () => {
    const cell = async (touchpoint: string, stage: string) => {
      const h = await getTouchpointHeatmap(t.db, { filter, windowSeconds: DAY });
      return h.rows.find((r) => r.touchpoint === touchpoint)?.cells.find((c) => c.stage === stage);
    };

    it("rows are grouped by channel, then by stage: app, email, store, web", async () => {
      const h = await getTouchpointHeatmap(t.db, { filter, windowSeconds: DAY });
      expect(h.rows.map((r) => r.touchpoint)).toEqual([
        "app",
        "app_checkout",
        "newsletter",
        "store",
        "till",
        "ads",
        "website",
        "checkout",
        "delivery",
      ]);
      expect(h.stages.map((s) => s.nextStage)).toEqual([
        "consideration",
        "decision",
        "purchase",
        "after_sales",
        "loyalty",
        null,
      ]);
    });

    it("ads × discovery: 4 events, 4 customers, satisfaction (4+5)/2, next stage at exactly W counts, W+1 s not: 2/4", async () => {
      const c = await cell("ads", "discovery");
      expect(c).toMatchObject({
        events: 4,
        customers: 4,
        reachedNextStage: 2,
        nextStageShare: 0.5,
      });
      expect(c?.satisfaction).toEqual({ mean: 4.5, n: 2, sufficient: false });
    });

    it("website × consideration: a, c, f; only c reaches decision after touching (f's was before): 1/3", async () => {
      const c = await cell("website", "consideration");
      expect(c).toMatchObject({ events: 3, customers: 3, reachedNextStage: 1 });
      expect(c?.nextStageShare).toBeCloseTo(1 / 3, 12);
      expect(c?.satisfaction).toEqual({ mean: 2, n: 1, sufficient: false });
    });

    it("an event that names its own stage lands in that column: website × decision has c3", async () => {
      expect(await cell("website", "decision")).toMatchObject({
        events: 1,
        customers: 1,
        nextStageShare: 0,
      });
    });

    it("purchase → after-sales within W: till 1/1 (12 h), checkout 0/1 (70 h)", async () => {
      expect((await cell("till", "purchase"))?.nextStageShare).toBe(1);
      expect((await cell("checkout", "purchase"))?.nextStageShare).toBe(0);
    });

    it("empty cells are zero and the last stage has no share", async () => {
      const c = await cell("newsletter", "loyalty");
      expect(c).toMatchObject({ events: 0, customers: 0, nextStageShare: null });
      expect((await cell("app", "consideration"))?.nextStageShare).toBe(1);
      expect(await cell("app_checkout", "purchase")).toMatchObject({
        events: 0,
        nextStageShare: null,
      });
    });
  });

  describe("getEmotionCurve", () => {
    it("overall: discovery 4.5 (n 2, sd √0.5), consideration 2.5, decision none, purchase 4 (sd √2), after-sales 1", async () => {
      const e = await getEmotionCurve(t.db, { filter });
      const points = e.overall.points;
      expect(points.map((p) => p.satisfaction.mean)).toEqual([4.5, 2.5, null, 4, 1, null]);
      expect(points.map((p) => p.satisfaction.n)).toEqual([2, 2, 0, 2, 1, 0]);
      expect(points[0]?.stddev).toBeCloseTo(Math.SQRT1_2, 12);
      expect(points[3]?.stddev).toBeCloseTo(Math.SQRT2, 12);
      expect(points[4]?.stddev).toBeNull();
    });

    it("per persona: young 4, 2, –, 5, 1; loyal 5, –, –, 3; unassigned 3 in consideration", async () => {
      const e = await getEmotionCurve(t.db, { filter });
      const means = (key: string) =>
        e.personas.find((p) => p.series === key)?.points.map((p) => p.satisfaction.mean);
      expect(means("young")).toEqual([4, 2, null, 5, 1, null]);
      expect(means("loyal")).toEqual([5, null, null, 3, null, null]);
      expect(means("unassigned")).toEqual([null, 3, null, null, null, null]);
    });
  });
});
