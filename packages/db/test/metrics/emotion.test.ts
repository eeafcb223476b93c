import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EmotionSeries,
  getEmotionCurve as getEmotionCurveOnPostgres,
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

let seq = 0;
const rated = (
  customer: string,
  touchpoint: string,
  satisfaction: number | undefined,
  extra: Partial<FixtureEvent> = {},
): FixtureEvent => {
  seq++;
  return {
    id: `e${seq}`,
    customer,
    touchpoint,
    t: seq * HOUR,
    ...(satisfaction === undefined ? {} : { satisfaction }),
    ...extra,
  };
};

/** Period [T0, T0 + 10 d). y is `young` (age 20), l is `loyal` (member), u has no persona. */
const FIXTURE: FixtureEvent[] = [
  // discovery: 5, 3 (y), 4 (l); u's visit is not rated.
  rated("y", "ads", 5),
  rated("y", "ads", 3),
  rated("l", "ads", 4),
  rated("u", "ads", undefined),
  // consideration: 2, 4 (u). decision: one unrated visit.
  rated("u", "website", 2),
  rated("u", "app", 4),
  rated("u", "store", undefined),
  // purchase: 5 (l), on a website event that names the purchase stage.
  rated("l", "website", 5, { stage: "purchase" }),
  // after-sales: 1..5 from y and 1..5 from u.
  ...[1, 2, 3, 4, 5].flatMap((s) => [rated("y", "delivery", s), rated("u", "delivery", s)]),
  // Outside the period: before `from` and at `to`.
  rated("y", "ads", 1, { t: -1 }),
  rated("y", "ads", 1, { t: 10 * DAY }),
];

const filter = { from: date(0), to: date(10 * DAY) };
const means = (s: EmotionSeries | undefined) => s?.points.map((p) => p.satisfaction.mean);
const ns = (s: EmotionSeries | undefined) => s?.points.map((p) => p.satisfaction.n);
const sds = (s: EmotionSeries | undefined) => s?.points.map((p) => p.stddev);

describe.each(METRIC_ENGINES)("getEmotionCurve on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getEmotionCurve = onEngine(engine, () => t).metric(
    getEmotionCurveOnPostgres,
    chm.getEmotionCurve,
  );

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, { y: { age: 20 }, l: { member: true } });
  });
  afterAll(() => t.cleanup());

  it("one point per stage, in stage order", async () => {
    const e = await getEmotionCurve(t.db, { filter });
    expect(e.stages.map((s) => s.key)).toEqual([
      "discovery",
      "consideration",
      "decision",
      "purchase",
      "after_sales",
      "loyalty",
    ]);
    expect(e.overall.points.map((p) => p.stage)).toEqual(e.stages.map((s) => s.key));
    expect(e.overall.series).toBe("overall");
  });

  it("overall means: discovery (5 + 3 + 4) / 3 = 4, consideration (2 + 4) / 2 = 3, decision none, purchase 5, after-sales 30 / 10 = 3, loyalty none", async () => {
    const e = await getEmotionCurve(t.db, { filter });
    expect(means(e.overall)).toEqual([4, 3, null, 5, 3, null]);
    expect(ns(e.overall)).toEqual([3, 2, 0, 1, 10, 0]);
  });

  it("overall sample stddev: √((1 + 1 + 0) / 2) = 1, √((1 + 1) / 1) = √2, none below 2 ratings, after-sales √(20 / 9)", async () => {
    const [discovery, consideration, decision, purchase, afterSales, loyalty] =
      sds((await getEmotionCurve(t.db, { filter })).overall) ?? [];
    expect(discovery).toBeCloseTo(1, 12);
    expect(consideration).toBeCloseTo(Math.SQRT2, 12);
    expect(decision).toBeNull();
    expect(purchase).toBeNull();
    expect(afterSales).toBeCloseTo(Math.sqrt(20 / 9), 12);
    expect(loyalty).toBeNull();
  });

  it("sufficient only with n ≥ 10: after-sales (n 10) yes, every other stage no", async () => {
    const e = await getEmotionCurve(t.db, { filter });
    expect(e.overall.points.map((p) => p.satisfaction.sufficient)).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
    ]);
  });

  it("per persona, in priority order then unassigned: young 4 (√2), –, –, –, 3; loyal 4, –, –, 5; unassigned –, 3 (√2), –, –, 3", async () => {
    const e = await getEmotionCurve(t.db, { filter });
    expect(e.personas.map((p) => [p.series, p.name, p.colour])).toEqual([
      ["young", "Young mobile", "#2563eb"],
      ["loyal", "Loyal", "#16a34a"],
      ["unassigned", null, null],
    ]);
    const [young, loyal, unassigned] = e.personas;
    expect(means(young)).toEqual([4, null, null, null, 3, null]);
    expect(ns(young)).toEqual([2, 0, 0, 0, 5, 0]);
    expect(sds(young)?.[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(means(loyal)).toEqual([4, null, null, 5, null, null]);
    expect(sds(loyal)).toEqual([null, null, null, null, null, null]);
    expect(means(unassigned)).toEqual([null, 3, null, null, 3, null]);
    expect(sds(unassigned)?.[1]).toBeCloseTo(Math.SQRT2, 12);
  });

  it("per persona after-sales: 1..5, n 5 → mean 3, stddev √(10 / 4), not sufficient", async () => {
    const e = await getEmotionCurve(t.db, { filter });
    for (const series of [e.personas[0], e.personas[2]]) {
      const point = series?.points[4];
      expect(point?.satisfaction).toEqual({ mean: 3, n: 5, sufficient: false });
      expect(point?.stddev).toBeCloseTo(Math.sqrt(2.5), 12);
    }
  });

  it("a persona filter narrows both the series and the overall curve: loyal → overall 4 (n 1), purchase 5 (n 1)", async () => {
    const e = await getEmotionCurve(t.db, { filter: { ...filter, personas: ["loyal"] } });
    expect(e.personas.map((p) => p.series)).toEqual(["loyal"]);
    expect(means(e.overall)).toEqual([4, null, null, 5, null, null]);
    expect(ns(e.overall)).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it("young + unassigned: overall after-sales still 10 ratings; discovery (5 + 3) / 2 = 4", async () => {
    const e = await getEmotionCurve(t.db, {
      filter: { ...filter, personas: ["young", "unassigned"] },
    });
    expect(e.personas.map((p) => p.series)).toEqual(["young", "unassigned"]);
    expect(ns(e.overall)).toEqual([2, 2, 0, 0, 10, 0]);
    expect(means(e.overall)).toEqual([4, 3, null, null, 3, null]);
  });

  it("an event filter keeps only those ratings: channel app → consideration 4 (n 1) alone", async () => {
    const e = await getEmotionCurve(t.db, { filter: { ...filter, channels: ["app"] } });
    expect(means(e.overall)).toEqual([null, 4, null, null, null, null]);
    expect(ns(e.overall)).toEqual([0, 1, 0, 0, 0, 0]);
  });
});
