import type { TFunnelStep } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFunnel } from "../src/queries";
import {
  DAY,
  date,
  type FixtureEvent,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

/** mulberry32: the test's own seeded PRNG, so a failure replays exactly. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOUCHPOINT_STAGE: Record<string, string> = {
  ads: "discovery",
  website: "consideration",
  app: "consideration",
  store: "decision",
  checkout: "purchase",
  till: "purchase",
};
const TOUCHPOINTS = Object.keys(TOUCHPOINT_STAGE);
const STAGES = ["discovery", "consideration", "decision", "purchase"];
const TYPES = ["view", "purchase"];
const GRID = 600;
const DATASETS = 40;

interface Dataset {
  offset: number;
  events: FixtureEvent[];
  steps: TFunnelStep[];
  windowSeconds: number;
  periodSeconds: number;
}

function makeDataset(n: number, random: () => number): Dataset {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const offset = n * 20 * DAY;
  const events: FixtureEvent[] = [];
  const customers = 4 + Math.floor(random() * 8);
  for (let c = 0; c < customers; c++) {
    const count = 1 + Math.floor(random() * 8);
    for (let e = 0; e < count; e++) {
      events.push({
        id: `r${n}-${c}-${e}`,
        customer: `r${n}-${c}`,
        touchpoint: pick(TOUCHPOINTS),
        type: pick(TYPES),
        // A coarse grid so that equal timestamps are common.
        t: offset + Math.floor(random() * 20) * GRID,
      });
    }
  }
  const stepCount = 2 + Math.floor(random() * 3);
  const steps: TFunnelStep[] = Array.from({ length: stepCount }, () => {
    const type = random() < 0.25 ? pick(TYPES) : undefined;
    return random() < 0.6
      ? { kind: "stage", key: pick(STAGES), ...(type ? { type } : {}) }
      : { kind: "touchpoint", key: pick(TOUCHPOINTS), ...(type ? { type } : {}) };
  });
  return {
    offset,
    events,
    steps,
    windowSeconds: pick([GRID, 2 * GRID, 5 * GRID, 10 * GRID]),
    periodSeconds: pick([6, 10, 14]) * GRID,
  };
}

function matches(step: TFunnelStep, e: FixtureEvent): boolean {
  const hit =
    step.kind === "stage" ? TOUCHPOINT_STAGE[e.touchpoint] === step.key : e.touchpoint === step.key;
  return hit && (step.type === undefined || step.type === e.type);
}

/** Every chain, by brute force: per customer and step, the fastest chain reaching it. */
function bruteForce(d: Dataset): (number | null)[][] {
  const byCustomer = new Map<string, FixtureEvent[]>();
  for (const e of d.events) byCustomer.set(e.customer, [...(byCustomer.get(e.customer) ?? []), e]);
  const result: (number | null)[][] = [];
  for (const events of byCustomer.values()) {
    const best: (number | null)[] = d.steps.map(() => null);
    const extend = (start: number, last: number, k: number) => {
      const took = last - start;
      const current = best[k - 1];
      if (current === null || current === undefined || took < current) best[k - 1] = took;
      const next = d.steps[k];
      if (!next) return;
      for (const e of events) {
        if (matches(next, e) && e.t >= last && e.t - start <= d.windowSeconds)
          extend(start, e.t, k + 1);
      }
    };
    const first = d.steps[0];
    for (const e of events) {
      if (first && matches(first, e) && e.t >= d.offset && e.t < d.offset + d.periodSeconds) {
        extend(e.t, e.t, 1);
      }
    }
    result.push(best);
  }
  return result;
}

function percentile(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const low = sorted[lo] ?? 0;
  const high = sorted[Math.ceil(pos)] ?? low;
  return low + (high - low) * (pos - lo);
}

describe.each(TEST_TARGETS)("getFunnel against a brute-force chain search on %s", (target) => {
  let t: TestDatabase;
  const random = mulberry32(20261122);
  const datasets = Array.from({ length: DATASETS }, (_, n) => makeDataset(n + 1, random));

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(
      t.db,
      datasets.flatMap((d) => d.events),
    );
  });
  afterAll(() => t.cleanup());

  it.each(datasets.map((d, i) => [i + 1, d] as const))("random dataset %i", async (_n, d) => {
    const expected = bruteForce(d);
    const result = await getFunnel(t.db, {
      filter: { from: date(d.offset), to: date(d.offset + d.periodSeconds) },
      steps: d.steps,
      windowSeconds: d.windowSeconds,
    });
    d.steps.forEach((_, k) => {
      const durations = expected
        .map((row) => row[k])
        .filter((v): v is number => v !== null && v !== undefined);
      const step = result.steps[k];
      expect(step?.customers, `customers at step ${k + 1}`).toBe(durations.length);
      const median = percentile(durations, 0.5);
      const p90 = percentile(durations, 0.9);
      if (median === null) expect(step?.medianSecondsToStep).toBeNull();
      else expect(step?.medianSecondsToStep).toBeCloseTo(median, 6);
      if (p90 === null) expect(step?.p90SecondsToStep).toBeNull();
      else expect(step?.p90SecondsToStep).toBeCloseTo(p90, 6);
    });
  });
});
