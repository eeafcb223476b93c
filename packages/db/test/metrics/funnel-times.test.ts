import type { TFunnelStep } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  funnelTimeLayout,
  getFunnel as getFunnelOnPostgres,
  getFunnelTimes as getFunnelTimesOnPostgres,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
  DAY,
  date,
  HOUR,
  insertEvents,
  MINUTE,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "../helpers";

const steps: TFunnelStep[] = [
  { kind: "stage", key: "discovery" },
  { kind: "stage", key: "consideration" },
  { kind: "stage", key: "purchase" },
];
const filter = { from: date(0), to: date(10 * DAY) };

/** Customers per bin, the bins that hold any, as [bin index, customers]. */
function filled(bins: { customers: number }[]): [number, number][] {
  return bins.flatMap((b, i): [number, number][] => (b.customers > 0 ? [[i, b.customers]] : []));
}

describe("funnelTimeLayout", () => {
  it("hours up to 2 days, days up to 60, weeks beyond; the last bin ends at W", () => {
    expect(funnelTimeLayout(DAY)).toEqual({ unit: "hour", binSeconds: HOUR, count: 24 });
    expect(funnelTimeLayout(2 * DAY)).toEqual({ unit: "hour", binSeconds: HOUR, count: 48 });
    expect(funnelTimeLayout(2 * DAY + 1)).toEqual({ unit: "day", binSeconds: DAY, count: 3 });
    expect(funnelTimeLayout(30 * DAY)).toEqual({ unit: "day", binSeconds: DAY, count: 30 });
    expect(funnelTimeLayout(90 * DAY)).toEqual({ unit: "week", binSeconds: 7 * DAY, count: 13 });
    expect(funnelTimeLayout(365 * DAY)).toEqual({ unit: "week", binSeconds: 7 * DAY, count: 53 });
    expect(funnelTimeLayout(90 * MINUTE)).toEqual({ unit: "hour", binSeconds: HOUR, count: 2 });
  });
});

describe.each(METRIC_ENGINES)("getFunnelTimes on $name", (engine) => {
  let t: TestDatabase;
  const on = onEngine(engine, () => t);
  const getFunnelTimes = on.metric(getFunnelTimesOnPostgres, chm.getFunnelTimes);
  const getFunnel = on.metric(getFunnelOnPostgres, chm.getFunnel);

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      // a: consideration after 30 min (hour 0), purchase after 2 h 30 (hour 2).
      { id: "a1", customer: "a", touchpoint: "ads", t: 0 },
      { id: "a2", customer: "a", touchpoint: "website", t: 30 * MINUTE },
      { id: "a3", customer: "a", touchpoint: "checkout", type: "purchase", t: 2.5 * HOUR },
      // b enters twice; from the later entry (5 h) consideration takes 10 min and purchase
      // exactly 1 h: the bin's lower edge is inclusive, so hour 1 (from 0 h, 6 h would be hour 6).
      { id: "b1", customer: "b", touchpoint: "ads", t: 0 },
      { id: "b2", customer: "b", touchpoint: "ads", t: 5 * HOUR },
      { id: "b3", customer: "b", touchpoint: "website", t: 5 * HOUR + 10 * MINUTE },
      { id: "b4", customer: "b", touchpoint: "checkout", type: "purchase", t: 6 * HOUR },
      // c: consideration after 22 h 30 (hour 22), purchase after exactly 24 h: W = 1 day itself,
      // in the last bin (hour 23), and exactly 1 day (day 1) with W = 30 days.
      { id: "c1", customer: "c", touchpoint: "ads", t: 0 },
      { id: "c2", customer: "c", touchpoint: "website", t: 22.5 * HOUR },
      { id: "c3", customer: "c", touchpoint: "checkout", type: "purchase", t: DAY },
      // d: consideration in the same second as the entry (0 s), no purchase.
      { id: "d1", customer: "d", touchpoint: "ads", t: 0 },
      { id: "d2", customer: "d", touchpoint: "website", t: 0 },
      // e: consideration after 25 h: beyond W = 1 day, day 1 with 30 days.
      { id: "e1", customer: "e", touchpoint: "ads", t: 0 },
      { id: "e2", customer: "e", touchpoint: "website", t: 25 * HOUR },
      // f never enters: not counted anywhere.
      { id: "f1", customer: "f", touchpoint: "website", t: HOUR },
      // g: consideration exactly 90 days after entering (after the period: only entry counts).
      { id: "g1", customer: "g", touchpoint: "ads", t: DAY },
      { id: "g2", customer: "g", touchpoint: "website", t: 91 * DAY },
    ]);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("W = 1 day in hours: consideration a, b, d in hour 0 and c in hour 22 (4); purchase b in hour 1, a in hour 2, c (24 h = W) in hour 23 (3)", async () => {
    const times = await getFunnelTimes(t.db, { filter, steps, windowSeconds: DAY });
    expect(times.unit).toBe("hour");
    expect(times.binSeconds).toBe(HOUR);
    expect(times.windowSeconds).toBe(DAY);
    expect(times.steps.map((s) => [s.key, s.index, s.customers])).toEqual([
      ["consideration", 1, 4],
      ["purchase", 2, 3],
    ]);
    const [consideration, purchase] = times.steps;
    expect(consideration?.bins).toHaveLength(24);
    expect(filled(consideration?.bins ?? [])).toEqual([
      [0, 3],
      [22, 1],
    ]);
    expect(filled(purchase?.bins ?? [])).toEqual([
      [1, 1],
      [2, 1],
      [23, 1],
    ]);
    expect(purchase?.bins[23]).toEqual({ fromSeconds: 23 * HOUR, toSeconds: DAY, customers: 1 });
  });

  it("W = 30 days in days: e (25 h) joins day 1 of consideration (5); c's 24 h is day 1 of purchase", async () => {
    const times = await getFunnelTimes(t.db, { filter, steps, windowSeconds: 30 * DAY });
    expect(times.unit).toBe("day");
    const [consideration, purchase] = times.steps;
    expect(consideration?.bins).toHaveLength(30);
    expect(filled(consideration?.bins ?? [])).toEqual([
      [0, 4],
      [1, 1],
    ]);
    expect(filled(purchase?.bins ?? [])).toEqual([
      [0, 2],
      [1, 1],
    ]);
  });

  it("W = 90 days in weeks: g's 90 days (= W) is in the last, shorter week [84 d, 90 d]", async () => {
    const times = await getFunnelTimes(t.db, { filter, steps, windowSeconds: 90 * DAY });
    expect(times.unit).toBe("week");
    const [consideration] = times.steps;
    expect(consideration?.bins).toHaveLength(13);
    expect(filled(consideration?.bins ?? [])).toEqual([
      [0, 5],
      [12, 1],
    ]);
    expect(consideration?.bins[12]).toEqual({
      fromSeconds: 84 * DAY,
      toSeconds: 90 * DAY,
      customers: 1,
    });
  });

  it("each step's histogram holds exactly the funnel's count for that step", async () => {
    for (const windowSeconds of [DAY, 30 * DAY, 90 * DAY]) {
      const [times, funnel] = await Promise.all([
        getFunnelTimes(t.db, { filter, steps, windowSeconds }),
        getFunnel(t.db, { filter, steps, windowSeconds }),
      ]);
      expect(times.steps.map((s) => s.customers)).toEqual(
        funnel.steps.slice(1).map((s) => s.customers),
      );
    }
  });
});
