import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findPainPoints,
  getJourneyMap as getJourneyMapOnPostgres,
  type JourneyStage,
  PAIN_MIN_CUSTOMERS,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import type { HeatmapRow } from "../../src/metrics/heatmap";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
  DAY,
  date,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "../helpers";

const filter = { from: date(0), to: date(10 * DAY) };

describe.each(METRIC_ENGINES)("journey map on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getJourneyMap = onEngine(engine, () => t).metric(
    getJourneyMapOnPostgres,
    chm.getJourneyMap,
  );

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      // c1: discovery → consideration after 1 day → purchase (skips decision).
      { id: "a1", customer: "c1", touchpoint: "ads", t: 0, satisfaction: 4 },
      { id: "a2", customer: "c1", touchpoint: "website", t: DAY, satisfaction: 2 },
      { id: "a3", customer: "c1", touchpoint: "checkout", t: 3 * DAY, type: "purchase" },
      // c2: consideration only 40 days later, past the 30-day window and the period.
      { id: "b1", customer: "c2", touchpoint: "ads", t: 0, satisfaction: 5 },
      { id: "b2", customer: "c2", touchpoint: "website", t: 40 * DAY },
      // c3: discovery twice, then consideration 1 hour after the first.
      { id: "d1", customer: "c3", touchpoint: "ads", t: 2 * DAY },
      { id: "d2", customer: "c3", touchpoint: "ads", t: 2 * DAY + 30 * 60 },
      { id: "d3", customer: "c3", touchpoint: "app", t: 2 * DAY + HOUR, satisfaction: 3 },
    ]);
  });
  afterAll(() => t.cleanup());

  it("discovery: 3 customers, 2 reach consideration within 30 days (c1 in 1 day, c3 in 1 hour): 2/3, median (86400 + 3600) / 2 = 45000 s", async () => {
    const map = await getJourneyMap(t.db, { filter });
    expect(map.stages[0]).toMatchObject({
      key: "discovery",
      customers: 3,
      reachedNext: 2,
      conversionToNext: 2 / 3,
      medianSecondsToNext: 45_000,
      satisfaction: { mean: 4.5, n: 2, sufficient: false },
    });
  });

  it("consideration: c1 and c3 in the period (c2's visit is after it); neither reaches decision, the next stage: 0/2", async () => {
    const map = await getJourneyMap(t.db, { filter });
    expect(map.stages[1]).toMatchObject({
      key: "consideration",
      customers: 2,
      reachedNext: 0,
      conversionToNext: 0,
      medianSecondsToNext: null,
      satisfaction: { mean: 2.5, n: 2 },
    });
  });

  it("the last stage has no conversion to a next stage; empty stages count 0", async () => {
    const map = await getJourneyMap(t.db, { filter });
    expect(map.stages.map((s) => [s.key, s.customers, s.conversionToNext])).toEqual([
      ["discovery", 3, 2 / 3],
      ["consideration", 2, 0],
      ["decision", 0, null],
      ["purchase", 1, 0],
      ["after_sales", 0, null],
      ["loyalty", 0, null],
    ]);
  });

  it("a 1-day window: c3 (1 hour) still converts, c1 (exactly 1 day) too, at the edge", async () => {
    const map = await getJourneyMap(t.db, { filter, windowSeconds: DAY });
    expect(map.stages[0]).toMatchObject({ reachedNext: 2 });
    const shorter = await getJourneyMap(t.db, { filter, windowSeconds: DAY - 1 });
    expect(shorter.stages[0]).toMatchObject({ reachedNext: 1, medianSecondsToNext: 3600 });
  });

  it("carries the heatmap's cells as rows grouped by channel", async () => {
    const map = await getJourneyMap(t.db, { filter });
    const ads = map.rows.find((r) => r.touchpoint === "ads");
    expect(ads?.cells[0]).toMatchObject({ stage: "discovery", events: 4, customers: 3 });
  });
});

/**
 * One definition of "next stage within W" for the stage's conversion and its cells' shares
 * (docs/metrics.md). W = 1 day. 30 customers touch ads (discovery) on day 0 and again on day 5,
 * then reach consideration 1 hour after the second touch: each reaches it within W of a touch,
 * not of their first. 30 more touch website in discovery (the event names the stage) on day 0
 * and go no further. Discovery: 60 customers, 30 reached, 0.5; ads × discovery 30/30, website ×
 * discovery 0/30, a drop-off pain point 50 points below its stage. Counted from the first
 * touch only (as the journey map did), the stage would convert 0/60 and hide it.
 */
describe.each(METRIC_ENGINES)(
  "the stage's conversion and its cells' next-stage shares on $name",
  (engine) => {
    const { target } = engine;
    let t: TestDatabase;
    const getJourneyMap = onEngine(engine, () => t).metric(
      getJourneyMapOnPostgres,
      chm.getJourneyMap,
    );
    const windowSeconds = DAY;

    beforeAll(async () => {
      t = await openTestDatabase(target);
      await seedTestCatalogue(t.db);
      const late = Array.from({ length: PAIN_MIN_CUSTOMERS }, (_, i) => [
        { id: `l${i}a`, customer: `l${i}`, touchpoint: "ads", t: 0 },
        { id: `l${i}b`, customer: `l${i}`, touchpoint: "ads", t: 5 * DAY },
        { id: `l${i}c`, customer: `l${i}`, touchpoint: "website", t: 5 * DAY + HOUR },
      ]).flat();
      const stuck = Array.from({ length: PAIN_MIN_CUSTOMERS }, (_, i) => ({
        id: `s${i}`,
        customer: `s${i}`,
        touchpoint: "website",
        stage: "discovery",
        t: 0,
      }));
      await insertEvents(t.db, [...late, ...stuck]);
    });
    afterAll(() => t.cleanup());

    it("discovery converts 30/60 in 1 hour (from the touch that reached, not the first), as its cells count", async () => {
      const map = await getJourneyMap(t.db, { filter, windowSeconds });
      expect(map.stages[0]).toMatchObject({
        key: "discovery",
        customers: 60,
        reachedNext: 30,
        conversionToNext: 0.5,
        medianSecondsToNext: HOUR,
      });
      const cells = map.rows.flatMap((r) => r.cells.filter((c) => c.stage === "discovery"));
      const reachedInCells = cells.reduce((sum, c) => sum + c.reachedNextStage, 0);
      expect(reachedInCells).toBe(map.stages[0]?.reachedNext);
      expect(
        cells
          .filter((c) => c.customers > 0)
          .map((c) => [c.touchpoint, c.customers, c.nextStageShare]),
      ).toEqual([
        ["ads", 30, 1],
        ["website", 30, 0],
      ]);
    });

    it("website × discovery is a drop-off 0.5 below its stage", async () => {
      const map = await getJourneyMap(t.db, { filter, windowSeconds });
      expect(map.painPoints).toEqual([
        {
          kind: "drop_off",
          stage: "discovery",
          touchpoint: "website",
          share: 0,
          stageShare: 0.5,
          customers: PAIN_MIN_CUSTOMERS,
          // 30 touched it, none went on; the stage's 0.5 would have lost 15 of them: 15 lost.
          customersLost: 15,
          // Nobody bought: no average order value, no price on them.
          revenueAtRisk: null,
          trend: null,
        },
      ]);
    });
  },
);

/**
 * What a pain point costs in money and how it moved (docs/metrics.md, "Pain points"), W = 1 day,
 * the period [day 10, day 20) and the previous one [day 0, day 10).
 *
 * Now: 30 customers (g) touch ads in discovery and reach consideration an hour later; 30 (s)
 * touch website in discovery, rate it 2 and go no further. Discovery converts 30/60 = 0.5; the
 * website × discovery cell 0/30: 30 × (0.5 − 0) = 15 lost, both a drop-off and a low rating.
 * Converters: p1 buys for 100 and 30, p2 for 50 (checkout, purchase stage): (100 + 30 + 50) / 3
 * = 60 a purchase; x's purchase of 1,000 in consideration is no converter's, p1's on day 25 is
 * outside the period. Revenue at risk: 15 × 60 = 900.
 *
 * Before: 30 (h) go from ads to consideration; 10 (q) touch website in discovery and rate it 2,
 * 5 of them go on through the app. Discovery 35/40 = 0.875; the cell 5/10 = 0.5: 10 × (0.875 −
 * 0.5) = 3.75 lost, rated 2 on 10 (a low rating then, too few customers for a drop-off).
 */
describe.each(METRIC_ENGINES)("revenue at risk and trend of pain points on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getJourneyMap = onEngine(engine, () => t).metric(
    getJourneyMapOnPostgres,
    chm.getJourneyMap,
  );
  const windowSeconds = DAY;
  const now = { from: date(10 * DAY), to: date(20 * DAY) };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    const n = (count: number) => Array.from({ length: count }, (_, i) => i);
    await insertEvents(t.db, [
      ...n(30).flatMap((i) => [
        { id: `g${i}a`, customer: `g${i}`, touchpoint: "ads", t: 10 * DAY },
        { id: `g${i}b`, customer: `g${i}`, touchpoint: "website", t: 10 * DAY + HOUR },
      ]),
      ...n(30).map((i) => ({
        id: `s${i}`,
        customer: `s${i}`,
        touchpoint: "website",
        stage: "discovery",
        t: 10 * DAY,
        satisfaction: 2,
      })),
      {
        id: "p1a",
        customer: "p1",
        touchpoint: "checkout",
        t: 11 * DAY,
        type: "purchase",
        revenue: "100.00",
      },
      {
        id: "p1b",
        customer: "p1",
        touchpoint: "checkout",
        t: 12 * DAY,
        type: "purchase",
        revenue: "30.00",
      },
      {
        id: "p1c",
        customer: "p1",
        touchpoint: "checkout",
        t: 25 * DAY,
        type: "purchase",
        revenue: "500.00",
      },
      {
        id: "p2a",
        customer: "p2",
        touchpoint: "checkout",
        t: 13 * DAY,
        type: "purchase",
        revenue: "50.00",
      },
      {
        id: "x1",
        customer: "x",
        touchpoint: "website",
        t: 12 * DAY,
        type: "purchase",
        revenue: "1000.00",
      },
      ...n(30).flatMap((i) => [
        { id: `h${i}a`, customer: `h${i}`, touchpoint: "ads", t: DAY },
        { id: `h${i}b`, customer: `h${i}`, touchpoint: "website", t: DAY + HOUR },
      ]),
      ...n(10).map((i) => ({
        id: `q${i}`,
        customer: `q${i}`,
        touchpoint: "website",
        stage: "discovery",
        t: DAY,
        satisfaction: 2,
      })),
      ...n(5).map((i) => ({ id: `q${i}b`, customer: `q${i}`, touchpoint: "app", t: DAY + HOUR })),
    ]);
  });
  afterAll(() => t.cleanup());

  it("prices 15 customers lost at the converters' 60 a purchase: 900 at risk", async () => {
    const map = await getJourneyMap(t.db, { filter: now, windowSeconds });
    expect(map.averageOrderValue).toBeCloseTo(60, 9);
    expect(map.trendPeriod).toBeNull();
    expect(
      map.painPoints.map((p) => [
        p.kind,
        p.touchpoint,
        p.stage,
        p.customersLost,
        p.revenueAtRisk,
        p.trend,
      ]),
    ).toEqual([
      // Both 15 lost: a 2.0 rating is 1 below the rule, the drop 0.5 below its stage.
      ["low_satisfaction", "website", "discovery", 15, expect.closeTo(900, 9), null],
      ["drop_off", "website", "discovery", 15, expect.closeTo(900, 9), null],
    ]);
  });

  it("compares each with the previous period: 3.75 lost then, rated 2 on 10; the drop-off is new", async () => {
    const map = await getJourneyMap(t.db, { filter: now, windowSeconds, trend: true });
    expect(map.trendPeriod).toEqual({ from: date(0), to: date(10 * DAY) });
    expect(map.painPoints.map((p) => [p.kind, p.trend])).toEqual([
      [
        "low_satisfaction",
        { customersLost: expect.closeTo(3.75, 9), mean: 2, n: 10, wasPainPoint: true },
      ],
      ["drop_off", { customersLost: expect.closeTo(3.75, 9), mean: 2, n: 10, wasPainPoint: false }],
    ]);
  });

  it("marks nothing new when nobody was in the stage before: the data begins with the period", async () => {
    // [day 0, day 10): its previous period, [day -10, day 0), holds no event at all.
    const first = await getJourneyMap(t.db, {
      filter: { from: date(0), to: date(10 * DAY) },
      windowSeconds,
      trend: true,
    });
    expect(first.painPoints.length).toBeGreaterThan(0);
    for (const p of first.painPoints) {
      expect(p.trend).toEqual({ customersLost: null, mean: null, n: 0, wasPainPoint: null });
    }
  });

  it("without converters' purchases the revenue at risk is unknown", async () => {
    const before = await getJourneyMap(t.db, {
      filter: { from: date(0), to: date(10 * DAY) },
      windowSeconds,
    });
    expect(before.averageOrderValue).toBeNull();
    expect(before.painPoints.map((p) => [p.kind, p.customersLost, p.revenueAtRisk])).toEqual([
      ["low_satisfaction", expect.closeTo(3.75, 9), null],
    ]);
  });
});

describe("the pain-point rule", () => {
  const stage = (key: string, conversionToNext: number | null): JourneyStage => ({
    key,
    name: key,
    goal: "",
    actions: [],
    customers: 100,
    reachedNext: 0,
    conversionToNext,
    medianSecondsToNext: null,
    satisfaction: { mean: null, n: 0, sufficient: false },
  });
  const row = (
    touchpoint: string,
    cell: { customers: number; share: number | null; mean: number | null; n: number },
  ): HeatmapRow => ({
    touchpoint,
    name: touchpoint,
    channel: "web",
    homeStage: "purchase",
    cells: [
      {
        touchpoint,
        stage: "purchase",
        events: cell.customers,
        customers: cell.customers,
        satisfaction: { mean: cell.mean, n: cell.n, sufficient: cell.n >= 10 },
        reachedNextStage: 0,
        nextStageShare: cell.share,
      },
    ],
  });
  const stages = [stage("purchase", 0.6)];

  it("flags a mean below 3 on 10+ ratings, not on 9, and not a 3.0", () => {
    const points = findPainPoints(stages, [
      row("rated_low", { customers: 5, share: null, mean: 2.3, n: 10 }),
      row("too_few", { customers: 5, share: null, mean: 1.0, n: 9 }),
      row("exactly_three", { customers: 5, share: null, mean: 3.0, n: 50 }),
    ]);
    expect(points).toEqual([
      {
        kind: "low_satisfaction",
        stage: "purchase",
        touchpoint: "rated_low",
        mean: 2.3,
        n: 10,
        // No next-stage share: what it costs is unknown.
        customersLost: null,
        revenueAtRisk: null,
        trend: null,
      },
    ]);
  });

  it(`flags a next-stage share 15+ points under its stage's (0.60 → 0.45) on ${PAIN_MIN_CUSTOMERS}+ customers, not 0.46, not on 29`, () => {
    const points = findPainPoints(stages, [
      row("drop", { customers: 30, share: 0.45, mean: null, n: 0 }),
      row("mild", { customers: 300, share: 0.46, mean: null, n: 0 }),
      row("small", { customers: 29, share: 0.1, mean: null, n: 0 }),
    ]);
    expect(points).toEqual([
      {
        kind: "drop_off",
        stage: "purchase",
        touchpoint: "drop",
        share: 0.45,
        stageShare: 0.6,
        customers: 30,
        // 30 × (0.60 − 0.45) = 4.5 customers more than the stage's rate would lose.
        customersLost: expect.closeTo(4.5, 9),
        revenueAtRisk: null,
        trend: null,
      },
    ]);
  });

  it("ranks by customers lost, then, where that is unknown or equal, by how far below the rule", () => {
    const points = findPainPoints(stages, [
      // Rated 2.4 but converting better than the stage: it loses nobody beyond the stage's rate.
      row("grumpy_converting", { customers: 40, share: 0.8, mean: 2.4, n: 20 }),
      // Unknown share (no next stage measured): unknown cost, listed after the known ones.
      row("grumpy", { customers: 40, share: null, mean: 2.0, n: 20 }),
      // 40 × (0.6 − 0.1) = 20 lost.
      row("dropper", { customers: 40, share: 0.1, mean: null, n: 0 }),
      // 100 × (0.6 − 0.4) = 20 lost, rated 2.9: the same 20, and both rules.
      row("big", { customers: 100, share: 0.4, mean: 2.9, n: 30 }),
    ]);
    expect(points.map((p) => [p.touchpoint, p.kind, p.customersLost])).toEqual([
      // 20 lost each: the 0.5 drop is further below the rule than the 0.2 drop or a 2.9 rating.
      ["dropper", "drop_off", expect.closeTo(20, 9)],
      ["big", "drop_off", expect.closeTo(20, 9)],
      ["big", "low_satisfaction", expect.closeTo(20, 9)],
      ["grumpy_converting", "low_satisfaction", 0],
      ["grumpy", "low_satisfaction", null],
    ]);
  });
});
