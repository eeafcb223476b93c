import type { TStageMetric } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getStageMetrics as getStageMetricsOnPostgres, type StageMetrics } from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { spendReader } from "../../src/metrics/postgres/spend";
import { withPreviousValues } from "../../src/metrics/stage-metrics";
import { CLI_ACTOR } from "../../src/queries/audit";
import { setStageMetrics } from "../../src/queries/catalogue-stages";
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

let seq = 0;
const ev = (
  customer: string,
  touchpoint: string,
  t: number,
  type = "view",
  extra: Partial<FixtureEvent> = {},
): FixtureEvent => ({ id: `e${++seq}`, customer, touchpoint, t, type, ...extra });

/**
 * Period [T0, T0 + 10 d). a is `young` (age 20); b, c, e have no persona; d's events fall
 * outside the period (one second before it, and at its end).
 */
const FIXTURE: FixtureEvent[] = [
  ev("a", "ads", 1 * HOUR),
  ev("a", "ads", 2 * HOUR),
  ev("a", "website", 3 * HOUR),
  ev("a", "website", 4 * HOUR, "click"),
  ev("a", "checkout", 5 * HOUR, "purchase", { revenue: "100.00", satisfaction: 4 }),
  ev("a", "checkout", 30 * HOUR, "purchase", { revenue: "50.50" }),
  ev("b", "ads", 1 * HOUR),
  ev("b", "website", 2 * HOUR),
  ev("b", "website", 2 * HOUR + 60),
  ev("b", "checkout", 10 * HOUR, "purchase", { revenue: "20.00", satisfaction: 2 }),
  ev("c", "ads", 6 * HOUR),
  ev("c", "app", 7 * HOUR),
  // e buys before its first view: no purchase follows its first view, so it is not timed.
  ev("e", "checkout", 20 * HOUR, "purchase"),
  ev("e", "app", 21 * HOUR),
  ev("d", "ads", -1),
  ev("d", "checkout", 10 * DAY, "purchase", { revenue: "999.00", satisfaction: 5 }),
];

const of = (touchpoints: string[], types: string[]) => ({ touchpoints, types });
const METRICS: Record<string, TStageMetric[]> = {
  discovery: [
    {
      key: "visits",
      name: "Visits",
      kind: "events",
      of: of(["ads"], ["view"]),
      target: { op: "gte", value: 4 },
    },
    {
      key: "reached",
      name: "Reached",
      kind: "customers",
      of: of(["ads"], []),
      target: { op: "lte", value: 2 },
    },
  ],
  consideration: [
    {
      key: "ctr",
      name: "Click-through",
      kind: "ratio",
      numerator: { kind: "events", of: of([], ["click"]) },
      denominator: { kind: "events", of: of(["website"], ["view"]) },
      target: { op: "gte", value: 0.5 },
    },
    {
      key: "clickers",
      name: "Clickers",
      kind: "ratio",
      numerator: { kind: "customers", of: of([], ["click"]) },
      denominator: { kind: "customers", of: of(["website"], ["view"]) },
      target: null,
    },
  ],
  purchase: [
    {
      key: "conversion",
      name: "Conversion",
      kind: "ratio",
      numerator: { kind: "customers", of: of([], ["purchase"]) },
      denominator: { kind: "customers", of: of([], []) },
      target: { op: "gte", value: 0.6 },
    },
    { key: "revenue", name: "Revenue", kind: "revenue", of: of([], ["purchase"]), target: null },
    { key: "rating", name: "Rating", kind: "rating", of: of(["checkout"], []), target: null },
  ],
  loyalty: [
    { key: "repeat", name: "Repeat", kind: "repeat", type: "purchase", target: null },
    {
      key: "to_buy",
      name: "View to purchase",
      kind: "time",
      from: "view",
      to: "purchase",
      target: { op: "lte", value: 86_400 },
    },
    {
      key: "reviews",
      name: "Reviews",
      kind: "rating",
      of: of([], ["review"]),
      target: { op: "gte", value: 4 },
    },
  ],
};

const filter = { from: date(0), to: date(10 * DAY) };
const metric = (m: StageMetrics, stage: string, key: string) =>
  m.stages.find((s) => s.stage === stage)?.metrics.find((x) => x.key === key);

describe.each(METRIC_ENGINES)("getStageMetrics on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getStageMetrics = onEngine(engine, () => t).metric(getStageMetricsOnPostgres, (ch, p) =>
    chm.getStageMetrics(ch, { ...p, spend: spendReader(t.db) }),
  );

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, { a: { age: 20 } });
    for (const [stage, metrics] of Object.entries(METRICS)) {
      await setStageMetrics(t.db, CLI_ACTOR, { stage, metrics });
    }
  });
  afterAll(() => t.cleanup());

  it("every stage in order, with its metrics in the order they were defined", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(m.stages.map((s) => s.stage)).toEqual([
      "discovery",
      "consideration",
      "decision",
      "purchase",
      "after_sales",
      "loyalty",
    ]);
    expect(m.stages.map((s) => s.metrics.map((x) => x.key))).toEqual([
      ["visits", "reached"],
      ["ctr", "clickers"],
      [],
      ["conversion", "revenue", "rating"],
      [],
      ["repeat", "to_buy", "reviews"],
    ]);
  });

  it("count of events: ads views a 2 + b 1 + c 1 = 4 (d's are outside the period), target ≥ 4 met", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "discovery", "visits")).toMatchObject({ value: 4, n: 4, status: "met" });
  });

  it("unique customers: a, b and c at ads = 3, target ≤ 2 missed", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "discovery", "reached")).toMatchObject({ value: 3, n: 3, status: "missed" });
  });

  it("ratio of events: 1 click ÷ 3 website views (a 1, b 2) = 1/3, target ≥ 0.5 missed", async () => {
    const m = await getStageMetrics(t.db, { filter });
    const ctr = metric(m, "consideration", "ctr");
    expect(ctr?.value).toBeCloseTo(1 / 3, 12);
    expect(ctr).toMatchObject({ n: 3, status: "missed" });
  });

  it("ratio of customers: 1 clicker (a) ÷ 2 website viewers (a, b) = 0.5, no target", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "consideration", "clickers")).toMatchObject({
      value: 0.5,
      n: 2,
      status: null,
    });
  });

  it("conversion rate: 3 buyers (a, b, e) ÷ 4 active customers = 0.75, target ≥ 0.6 met", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "purchase", "conversion")).toMatchObject({
      value: 0.75,
      n: 4,
      status: "met",
    });
  });

  it("revenue: 100.00 + 50.50 + 20.00 = 170.50 over 3 events with revenue (e's has none)", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "purchase", "revenue")).toMatchObject({ value: 170.5, n: 3 });
  });

  it("average rating at checkout: (4 + 2) / 2 = 3, n = 2", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "purchase", "rating")).toMatchObject({ value: 3, n: 2 });
  });

  it("repeat rate: 1 customer with 2 purchases (a) ÷ 3 with one (a, b, e) = 1/3", async () => {
    const m = await getStageMetrics(t.db, { filter });
    const repeat = metric(m, "loyalty", "repeat");
    expect(repeat?.value).toBeCloseTo(1 / 3, 12);
    expect(repeat?.n).toBe(3);
  });

  it("time view → purchase: a 4 h, b 9 h (e bought before viewing): median 6.5 h = 23,400 s, target ≤ 1 day met", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "loyalty", "to_buy")).toMatchObject({ value: 23_400, n: 2, status: "met" });
  });

  it("a metric without a sample has no value and, with a target, the status no_data", async () => {
    const m = await getStageMetrics(t.db, { filter });
    expect(metric(m, "loyalty", "reviews")).toMatchObject({ value: null, n: 0, status: "no_data" });
  });

  it("under the analytics filter: persona young (a only) sees 2 ads views and 1 buyer of 1", async () => {
    const m = await getStageMetrics(t.db, { filter: { ...filter, personas: ["young"] } });
    expect(metric(m, "discovery", "visits")).toMatchObject({ value: 2, status: "missed" });
    expect(metric(m, "purchase", "conversion")).toMatchObject({ value: 1, n: 1 });
    expect(metric(m, "loyalty", "to_buy")).toMatchObject({ value: 14_400, n: 1 });
  });

  it("the filter's touchpoints narrow the metric's: website only leaves no ads view", async () => {
    const m = await getStageMetrics(t.db, { filter: { ...filter, touchpoints: ["website"] } });
    expect(metric(m, "discovery", "visits")).toMatchObject({ value: 0, status: "missed" });
    expect(metric(m, "consideration", "ctr")?.value).toBeCloseTo(1 / 3, 12);
  });

  it("the previous period (the 10 days before) holds only d's view at −1 s: 1 visit", async () => {
    const current = await getStageMetrics(t.db, { filter });
    const previous = await getStageMetrics(t.db, {
      filter: { from: date(-10 * DAY), to: date(0) },
    });
    const m = withPreviousValues(current, previous);
    expect(metric(m, "discovery", "visits")).toMatchObject({ value: 4, previous: 1 });
    expect(metric(m, "purchase", "conversion")).toMatchObject({ value: 0.75, previous: 0 });
    expect(metric(m, "purchase", "rating")).toMatchObject({ value: 3, previous: null });
  });
});
