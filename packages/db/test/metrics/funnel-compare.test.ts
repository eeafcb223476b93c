import type { TAnalyticsFilter, TFunnelStep } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareFunnels, getFunnel as getFunnelOnPostgres } from "../../src/metrics";
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

/**
 * Funnel discovery (ads) → consideration (website) → purchase (checkout), W = 2 days.
 * Period A [T0, T0 + 10 d):
 *   a1 ads 1 h, website 2 h, checkout 3 h → depth 3 (1 h, 2 h);
 *   a2 ads 1 d, website 1 d 3 h → depth 2 (3 h);
 *   a3 ads 2 d → depth 1;
 *   a4 (young) ads 3 d, website 3 d 1 h, checkout 3 d 5 h → depth 3 (1 h, 5 h).
 *   Counts 4, 3, 2; medians 1 h (1, 3, 1) and 3.5 h (2, 5).
 * The previous period [T0 − 10 d, T0):
 *   b1 ads −9 d, website −9 d + 2 h, checkout −9 d + 4 h → depth 3 (2 h, 4 h);
 *   b2 ads −5 d → depth 1.
 *   Counts 2, 1, 1; medians 2 h and 4 h.
 */
const FIXTURE: FixtureEvent[] = [
  { id: "a1a", customer: "a1", touchpoint: "ads", t: HOUR },
  { id: "a1w", customer: "a1", touchpoint: "website", t: 2 * HOUR },
  { id: "a1c", customer: "a1", touchpoint: "checkout", t: 3 * HOUR, type: "purchase" },
  { id: "a2a", customer: "a2", touchpoint: "ads", t: DAY },
  { id: "a2w", customer: "a2", touchpoint: "website", t: DAY + 3 * HOUR },
  { id: "a3a", customer: "a3", touchpoint: "ads", t: 2 * DAY },
  { id: "a4a", customer: "a4", touchpoint: "ads", t: 3 * DAY },
  { id: "a4w", customer: "a4", touchpoint: "website", t: 3 * DAY + HOUR },
  { id: "a4c", customer: "a4", touchpoint: "checkout", t: 3 * DAY + 5 * HOUR, type: "purchase" },
  { id: "b1a", customer: "b1", touchpoint: "ads", t: -9 * DAY },
  { id: "b1w", customer: "b1", touchpoint: "website", t: -9 * DAY + 2 * HOUR },
  { id: "b1c", customer: "b1", touchpoint: "checkout", t: -9 * DAY + 4 * HOUR, type: "purchase" },
  { id: "b2a", customer: "b2", touchpoint: "ads", t: -5 * DAY },
];

const filter: TAnalyticsFilter = { from: date(0), to: date(10 * DAY) };
const steps: TFunnelStep[] = [
  { kind: "stage", key: "discovery" },
  { kind: "stage", key: "consideration" },
  { kind: "stage", key: "purchase" },
];
const windowSeconds = 2 * DAY;

describe.each(METRIC_ENGINES)("compareFunnels on $name", (engine) => {
  let t: TestDatabase;
  const on = onEngine(engine, () => t);
  const getFunnel = on.metric(getFunnelOnPostgres, chm.getFunnel);
  const metrics = {
    getFunnel: (params: Parameters<typeof getFunnel>[1]) => getFunnel(t.db, params),
  };

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, { a4: { age: 25 } });
  });
  afterAll(() => t.cleanup());

  it("the previous period: 4, 3, 2 against 2, 1, 1; from the first step 50% − 75% = −25 pts and 50% − 50% = 0; step to step −25 pts and 100% − 66.7% = +33.3 pts", async () => {
    const c = await compareFunnels(metrics, {
      filter,
      steps,
      windowSeconds,
      b: { kind: "period", from: date(-10 * DAY), to: date(0) },
    });
    expect(c.b.filter).toEqual({ from: date(-10 * DAY), to: date(0) });
    expect(c.steps.map((s) => [s.a.customers, s.b.customers, s.difference.customers])).toEqual([
      [4, 2, -2],
      [3, 1, -2],
      [2, 1, -1],
    ]);
    const [first, second, third] = c.steps;
    expect(first?.difference.conversionOverall).toEqual({ value: null, interval: null });
    expect(first?.difference.conversionFromPrevious).toEqual({ value: null, interval: null });
    expect(second?.difference.conversionOverall.value).toBeCloseTo(-0.25, 12);
    expect(third?.difference.conversionOverall.value).toBeCloseTo(0, 12);
    expect(second?.difference.conversionFromPrevious.value).toBeCloseTo(-0.25, 12);
    expect(third?.difference.conversionFromPrevious.value).toBeCloseTo(1 / 3, 12);
    // Newcombe's interval for 1/2 − 3/4 (z = 1.96), worked out apart: [−0.70408, 0.35525].
    const [low, high] = second?.difference.conversionOverall.interval ?? [Number.NaN, Number.NaN];
    expect(low).toBeCloseTo(-0.704081, 5);
    expect(high).toBeCloseTo(0.35525, 5);
    // 1/1 − 2/3: [−0.50539, 0.79234].
    const [low3, high3] = third?.difference.conversionFromPrevious.interval ?? [
      Number.NaN,
      Number.NaN,
    ];
    expect(low3).toBeCloseTo(-0.505393, 5);
    expect(high3).toBeCloseTo(0.79234, 5);
    // Medians: 0 at the first step on both sides, 2 h − 1 h to consideration, 4 h − 3.5 h to
    // purchase.
    expect(c.steps.map((s) => s.difference.medianSecondsToStep)).toEqual([0, HOUR, HOUR / 2]);
    expect(c.confidence).toBe(0.95);
  });

  it("a segment, same period: young is a4 alone (1, 1, 1): +25 and +50 pts from the first step, the purchase 1.5 h slower", async () => {
    const c = await compareFunnels(metrics, {
      filter: { ...filter, channels: ["web"] },
      steps,
      windowSeconds,
      b: { kind: "segment", personas: ["young"] },
    });
    // B keeps A's period and takes its own segment: A's channel filter is not carried over.
    expect(c.b.filter).toEqual({ ...filter, personas: ["young"] });
    expect(c.steps.map((s) => s.b.customers)).toEqual([1, 1, 1]);
    expect(c.steps.map((s) => s.difference.conversionOverall.value)).toEqual([null, 0.25, 0.5]);
    const [low, high] = c.steps[1]?.difference.conversionOverall.interval ?? [0, 0];
    // 1/1 − 3/4: [−0.56936, 0.69936].
    expect(low).toBeCloseTo(-0.569359, 5);
    expect(high).toBeCloseTo(0.699358, 5);
    expect(c.steps[2]?.difference.medianSecondsToStep).toBe(1.5 * HOUR);
  });

  it("an empty side has no rates: differences and intervals are null, never 0", async () => {
    const c = await compareFunnels(metrics, {
      filter,
      steps,
      windowSeconds,
      b: { kind: "segment", channels: ["store"] },
    });
    expect(c.steps.map((s) => s.b.customers)).toEqual([0, 0, 0]);
    for (const s of c.steps) {
      expect(s.difference.conversionOverall).toEqual({ value: null, interval: null });
      expect(s.difference.conversionFromPrevious).toEqual({ value: null, interval: null });
      expect(s.difference.medianSecondsToStep).toBeNull();
    }
  });
});
