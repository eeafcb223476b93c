import type { TBreakdown } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getKpiBreakdown as getKpiBreakdownOnPostgres,
  getOverviewKpis as getOverviewKpisOnPostgres,
  type KpiBreakdown,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
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

type ValueBreakdown = Extract<TBreakdown, { kind: "attribute" | "property" }>;

/** Attribute case: [T0, T0 + 10 days). Property case: 40 days later, its own customers. */
const ATTRIBUTES = { from: date(0), to: date(10 * DAY) };
const P = 40 * DAY;
const PROPERTIES = { from: date(P), to: date(P + 10 * DAY) };

const FIXTURE: FixtureEvent[] = [
  // Attributes (plan as the customer has it now).
  { id: "a1", customer: "a", touchpoint: "ads", t: HOUR, satisfaction: 4 },
  {
    id: "a2",
    customer: "a",
    touchpoint: "checkout",
    t: 2 * HOUR,
    type: "purchase",
    revenue: "100.00",
    satisfaction: 5,
  },
  { id: "b1", customer: "b", touchpoint: "ads", t: HOUR },
  {
    id: "c1",
    customer: "c",
    touchpoint: "till",
    t: DAY,
    type: "purchase",
    revenue: "50.00",
    satisfaction: 3,
  },
  {
    id: "c2",
    customer: "c",
    touchpoint: "delivery",
    t: 2 * DAY,
    type: "return",
    revenue: "-20.00",
  },
  // A purchase-typed website event: revenue, but not the conversion stage.
  { id: "d1", customer: "d", touchpoint: "website", t: DAY, type: "purchase", revenue: "10.00" },
  { id: "e1", customer: "e", touchpoint: "app", t: DAY, satisfaction: 2 },
  { id: "f1", customer: "f", touchpoint: "ads", t: HOUR, satisfaction: 1 },
  { id: "g1", customer: "g", touchpoint: "ads", t: HOUR },
  { id: "g2", customer: "g", touchpoint: "ads", t: 10 * DAY }, // at `to`: outside
  { id: "h1", customer: "h", touchpoint: "ads", t: -1 }, // before `from`: not active
  { id: "i1", customer: "i", touchpoint: "checkout", t: HOUR, type: "purchase", revenue: "5.00" },
  // Properties (utm on the customer's first event in the period).
  { id: "p1-0", customer: "p1", touchpoint: "ads", t: P - HOUR, properties: { utm: "old" } },
  { id: "p1-1", customer: "p1", touchpoint: "ads", t: P + HOUR, properties: { utm: "google" } },
  { id: "p1-2", customer: "p1", touchpoint: "website", t: P + 2 * HOUR },
  // The first event has no utm: none, though a later one has.
  { id: "p2-1", customer: "p2", touchpoint: "website", t: P + HOUR },
  { id: "p2-2", customer: "p2", touchpoint: "ads", t: P + 2 * HOUR, properties: { utm: "bing" } },
  { id: "p2-3", customer: "p2", touchpoint: "app", t: P + 3 * HOUR },
  { id: "p3-1", customer: "p3", touchpoint: "ads", t: P + HOUR, properties: { utm: "bing" } },
  {
    id: "p3-2",
    customer: "p3",
    touchpoint: "checkout",
    t: P + 2 * HOUR,
    type: "purchase",
    revenue: "20.00",
  },
  // Two first events at the same instant: the least event id (p4-a) decides.
  { id: "p4-b", customer: "p4", touchpoint: "ads", t: P + HOUR, properties: { utm: "zeta" } },
  { id: "p4-a", customer: "p4", touchpoint: "ads", t: P + HOUR, properties: { utm: "alpha" } },
  { id: "p5-1", customer: "p5", touchpoint: "ads", t: P + HOUR, properties: { utm: 7 } },
  { id: "p6-1", customer: "p6", touchpoint: "ads", t: P + HOUR, properties: { utm: { a: "x" } } },
  {
    id: "p7-1",
    customer: "p7",
    touchpoint: "ads",
    t: P + HOUR,
    properties: { utm: "google" },
    satisfaction: 5,
  },
];

const ATTRIBUTE_VALUES: Record<string, Record<string, unknown>> = {
  a: { plan: "pro" },
  b: { plan: "pro" },
  c: { plan: "free" },
  d: { plan: "basic" },
  e: { plan: 12.5 },
  f: { age: 40 },
  g: { plan: null },
  h: { plan: "free" },
  i: { a: { plan: "trap" } },
};

/** Each series as `label: active events converted revenue satisfaction-sum/n`. */
function shape(r: KpiBreakdown): string[] {
  return r.series.map((s) => {
    const label = s.kind === "value" ? s.value : `(${s.kind})`;
    const k = s.kpis;
    const sat = k.satisfaction.mean === null ? "-" : k.satisfaction.mean * k.satisfaction.n;
    return `${label}: ${k.activeCustomers} ${k.events} ${k.convertedCustomers} ${k.revenue} ${sat}/${k.satisfaction.n}`;
  });
}

describe.each(METRIC_ENGINES)("getKpiBreakdown on $name", (engine) => {
  let t: TestDatabase;
  const on = onEngine(engine, () => t);
  const getKpiBreakdown = on.metric(getKpiBreakdownOnPostgres, chm.getKpiBreakdown);
  const getOverviewKpis = on.metric(getOverviewKpisOnPostgres, chm.getOverviewKpis);
  const breakdown = (filter: { from: Date; to: Date }, by: ValueBreakdown) =>
    getKpiBreakdown(t.db, { filter, breakdown: by });

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, ATTRIBUTE_VALUES);
  });
  afterAll(() => t.cleanup());

  it("top 2 plans by active customers (ties in byte order: 12.5 before basic and free), then other and none", async () => {
    const r = await breakdown(ATTRIBUTES, { kind: "attribute", key: "plan", top: 2 });
    // pro: a (2 events, converted, 100, ratings 4 + 5), b (1 event). 12.5: e (rating 2).
    // other: basic d (10, purchase-typed website: not converted), free c (50 − 20, rating 3);
    // h is free but not active. none: f (no plan, rating 1), g (null), i (nested plan only, 5).
    expect(shape(r)).toEqual([
      "pro: 2 3 1 100 9/2",
      "12.5: 1 1 0 0 2/1",
      "(other): 2 3 1 40 3/1",
      "(none): 3 3 1 5 1/1",
    ]);
    expect(r.series.map((s) => s.kpis.conversionRate)).toEqual([0.5, 0, 0.5, 1 / 3]);
    expect(r.breakdown).toEqual({ kind: "attribute", key: "plan", top: 2 });
    expect(r.conversionStage).toBe("purchase");
    expect([r.from, r.to]).toEqual([ATTRIBUTES.from, ATTRIBUTES.to]);
  });

  it("the series add up to the period's KPIs (getOverviewKpis): 8 active, 10 events, 3 converted, 145, 15/5", async () => {
    const kpis = (await getOverviewKpis(t.db, { filter: ATTRIBUTES })).current;
    for (const top of [1, 2, 20]) {
      const r = await breakdown(ATTRIBUTES, { kind: "attribute", key: "plan", top });
      const sum = (pick: (s: KpiBreakdown["series"][number]) => number) =>
        r.series.reduce((total, s) => total + pick(s), 0);
      expect(sum((s) => s.kpis.activeCustomers)).toBe(8);
      expect(sum((s) => s.kpis.events)).toBe(10);
      expect(sum((s) => s.kpis.convertedCustomers)).toBe(3);
      expect(sum((s) => s.kpis.revenue)).toBe(145);
      expect(sum((s) => s.kpis.satisfaction.n)).toBe(5);
      const { from: _from, to: _to, ...figures } = kpis;
      expect(r.total).toEqual(figures);
    }
    expect(kpis).toMatchObject({ activeCustomers: 8, events: 10, revenue: 145 });
    expect(kpis.satisfaction.mean).toBeCloseTo(3, 12);
  });

  it("top 1 folds 12.5, basic and free into other; top 20 lists every value, no other", async () => {
    const one = await breakdown(ATTRIBUTES, { kind: "attribute", key: "plan", top: 1 });
    expect(shape(one)).toEqual([
      "pro: 2 3 1 100 9/2",
      "(other): 3 4 1 40 5/2",
      "(none): 3 3 1 5 1/1",
    ]);
    const all = await breakdown(ATTRIBUTES, { kind: "attribute", key: "plan", top: 20 });
    expect(all.series.map((s) => s.value ?? `(${s.kind})`)).toEqual([
      "pro",
      "12.5",
      "basic",
      "free",
      "(none)",
    ]);
  });

  it("a property on the first event in the period (ties: least event id), numbers as text, objects none", async () => {
    const r = await breakdown(PROPERTIES, { kind: "property", key: "utm", top: 2 });
    // google: p1 (its earlier `old` is before `from`), p7 (rating 5). 7: p5. other: alpha (p4,
    // 2 events), bing (p3, converted, 20). none: p2 (first event without utm, 3 events), p6.
    expect(shape(r)).toEqual([
      "google: 2 3 0 0 5/1",
      "7: 1 1 0 0 -/0",
      "(other): 2 4 1 20 -/0",
      "(none): 2 4 0 0 -/0",
    ]);
    const all = await breakdown(PROPERTIES, { kind: "property", key: "utm", top: 20 });
    expect(all.series.map((s) => s.value ?? `(${s.kind})`)).toEqual([
      "google",
      "7",
      "alpha",
      "bing",
      "(none)",
    ]);
  });

  it("an unknown key puts everyone under none; an empty period has no series", async () => {
    const r = await breakdown(ATTRIBUTES, { kind: "attribute", key: "nope", top: 5 });
    expect(shape(r)).toEqual(["(none): 8 10 3 145 15/5"]);
    const empty = await breakdown(
      { from: date(100 * DAY), to: date(101 * DAY) },
      { kind: "property", key: "utm", top: 5 },
    );
    expect(empty.series).toEqual([]);
    expect(empty.total).toMatchObject({ activeCustomers: 0, conversionRate: null, revenue: 0 });
  });
});
