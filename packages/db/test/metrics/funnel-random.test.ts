import { formatFunnelStep, type TFunnelStep } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFunnel } from "../../src/metrics";
import {
  DAY,
  date,
  type FixtureEvent,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "../helpers";

/** mulberry32: the test's own seeded PRNG, so that a failure replays exactly. */
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

/** The part of the test catalogue (helpers.ts) the datasets use: touchpoint → stage, channel. */
const TOUCHPOINTS: Record<string, { stage: string; channel: string }> = {
  ads: { stage: "discovery", channel: "web" },
  website: { stage: "consideration", channel: "web" },
  app: { stage: "consideration", channel: "app" },
  store: { stage: "decision", channel: "store" },
  checkout: { stage: "purchase", channel: "web" },
  till: { stage: "purchase", channel: "store" },
};
const TOUCHPOINT_KEYS = Object.keys(TOUCHPOINTS);
const STAGES = ["discovery", "consideration", "decision", "purchase"];
const CHANNELS = ["web", "app", "store"];
const TYPES = ["view", "add_to_cart", "purchase"];
/** Times sit on a 10-minute grid so that equal timestamps (and t = W exactly) are common. */
const GRID = 600;
const MULTI = 50;
const SOLO = 50;

interface Funnel {
  steps: TFunnelStep[];
  windowSeconds: number;
  from: number;
  to: number;
  channels?: string[];
  touchpoints?: string[];
}

interface Dataset {
  customers: number;
  events: FixtureEvent[];
  funnels: Funnel[];
}

function makeDataset(n: number, customers: number, random: () => number): Dataset {
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(items: T[]): T => items[int(items.length)] as T;
  const some = <T>(items: T[], count: number): T[] => {
    const left = [...items];
    return Array.from({ length: count }, () => left.splice(int(left.length), 1)[0] as T);
  };
  // Datasets are a day apart; one spans at most 18 grid steps (3 h) plus W (100 min).
  const offset = n * DAY;
  const events: FixtureEvent[] = [];
  for (let c = 0; c < customers; c++) {
    const count = 1 + int(8);
    for (let e = 0; e < count; e++) {
      const touchpoint = pick(TOUCHPOINT_KEYS);
      events.push({
        id: `r${n}-${c}-${e}`,
        customer: `r${n}-${c}`,
        touchpoint,
        type: pick(TYPES),
        // From 4 grid steps before `from`, so that some S1 events fall before the period.
        t: offset + (int(18) - 4) * GRID,
        ...(random() < 0.15 ? { stage: pick(STAGES) } : {}),
        ...(random() < 0.1 ? { channel: pick(CHANNELS) } : {}),
      });
    }
  }
  const funnels = Array.from({ length: 2 }, (): Funnel => {
    const steps = Array.from({ length: 3 + int(2) }, (): TFunnelStep => {
      const type = random() < 0.25 ? pick(TYPES) : undefined;
      const step: TFunnelStep =
        random() < 0.6
          ? { kind: "stage", key: pick(STAGES) }
          : { kind: "touchpoint", key: pick(TOUCHPOINT_KEYS) };
      return type ? { ...step, type } : step;
    });
    const filter = random();
    return {
      steps,
      windowSeconds: pick([1, 2, 3, 5, 10]) * GRID,
      from: offset,
      to: offset + pick([3, 6, 9, 12]) * GRID,
      ...(filter < 0.2 ? { channels: some(CHANNELS, 1 + int(2)) } : {}),
      ...(filter > 0.85 ? { touchpoints: some(TOUCHPOINT_KEYS, 3) } : {}),
    };
  });
  return { customers, events, funnels };
}

const stageOf = (e: FixtureEvent) => e.stage ?? TOUCHPOINTS[e.touchpoint]?.stage;
const channelOf = (e: FixtureEvent) => e.channel ?? TOUCHPOINTS[e.touchpoint]?.channel;

function matches(step: TFunnelStep, e: FixtureEvent): boolean {
  const hit = step.kind === "stage" ? stageOf(e) === step.key : e.touchpoint === step.key;
  return hit && (step.type === undefined || step.type === e.type);
}

/**
 * The definition, by brute force: every chain e1..ek with e1 an S1 event in [from, to), ei
 * matching Si (the same event may match several steps), t non-decreasing (any order among
 * equal times) and t(ek) − t(e1) ≤ W. Per customer and step: the fastest such chain, or null.
 */
function bruteForce(events: FixtureEvent[], f: Funnel): Map<string, (number | null)[]> {
  const kept = events.filter(
    (e) =>
      (!f.channels || f.channels.includes(channelOf(e) ?? "")) &&
      (!f.touchpoints || f.touchpoints.includes(e.touchpoint)),
  );
  const byCustomer = new Map<string, FixtureEvent[]>();
  for (const e of kept) byCustomer.set(e.customer, [...(byCustomer.get(e.customer) ?? []), e]);
  const result = new Map<string, (number | null)[]>();
  for (const [customer, own] of byCustomer) {
    const fastest: (number | null)[] = f.steps.map(() => null);
    const extend = (start: number, last: number, k: number) => {
      const took = last - start;
      const best = fastest[k - 1];
      if (best === null || best === undefined || took < best) fastest[k - 1] = took;
      const next = f.steps[k];
      if (!next) return;
      for (const e of own) {
        if (matches(next, e) && e.t >= last && e.t - start <= f.windowSeconds) {
          extend(start, e.t, k + 1);
        }
      }
    };
    const first = f.steps[0];
    for (const e of own) {
      if (first && matches(first, e) && e.t >= f.from && e.t < f.to) extend(e.t, e.t, 1);
    }
    result.set(customer, fastest);
  }
  return result;
}

/** percentile_cont: position p × (n − 1) in the sorted values, linear interpolation. */
function percentile(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[Math.ceil(position)] ?? Number.NaN;
  return low + (high - low) * (position - lower);
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);

interface Summary {
  customers: number[];
  median: (number | null)[];
  p90: (number | null)[];
}

function expected(events: FixtureEvent[], f: Funnel): Summary {
  const paths = [...bruteForce(events, f).values()];
  const durations = f.steps.map((_, k) =>
    paths.map((p) => p[k]).filter((v): v is number => v !== null && v !== undefined),
  );
  return {
    customers: durations.map((d) => d.length),
    median: durations.map((d) => round(percentile(d, 0.5))),
    p90: durations.map((d) => round(percentile(d, 0.9))),
  };
}

const describeFunnel = (f: Funnel) =>
  `${f.steps.map(formatFunnelStep).join(" → ")}, W ${f.windowSeconds} s, [${f.from}, ${f.to})` +
  `${f.channels ? `, channels ${f.channels}` : ""}${f.touchpoints ? `, touchpoints ${f.touchpoints}` : ""}`;

describe.each(TEST_TARGETS)("getFunnel against a brute-force chain search on %s", (target) => {
  let t: TestDatabase;
  const random = mulberry32(20261122);
  // Multi-customer datasets check counts and percentiles; one-customer datasets check that
  // customer's fastest chain to each step exactly (the median of one value is that value).
  const datasets = [
    ...Array.from({ length: MULTI }, (_, i) =>
      makeDataset(i + 1, 2 + Math.floor(random() * 7), random),
    ),
    ...Array.from({ length: SOLO }, (_, i) => makeDataset(MULTI + i + 1, 1, random)),
  ];

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(
      t.db,
      datasets.flatMap((d) => d.events),
    );
  });
  afterAll(() => t.cleanup());

  it.each(datasets.map((d, i) => [i + 1, d.customers, d] as const))(
    "dataset %i (%i customers), two funnels",
    async (_n, _customers, d) => {
      for (const f of d.funnels) {
        const result = await getFunnel(t.db, {
          filter: {
            from: date(f.from),
            to: date(f.to),
            ...(f.channels ? { channels: f.channels } : {}),
            ...(f.touchpoints ? { touchpoints: f.touchpoints } : {}),
          },
          steps: f.steps,
          windowSeconds: f.windowSeconds,
        });
        const actual: Summary = {
          customers: result.steps.map((s) => s.customers),
          median: result.steps.map((s) => round(s.medianSecondsToStep)),
          p90: result.steps.map((s) => round(s.p90SecondsToStep)),
        };
        expect(actual, describeFunnel(f)).toEqual(expected(d.events, f));
      }
    },
  );

  it("the datasets exercise the edge cases: ties, S1 before `from`, chains of exactly W", () => {
    let ties = 0;
    let early = 0;
    let exactlyW = 0;
    for (const d of datasets) {
      const times = new Map<string, number[]>();
      for (const e of d.events) times.set(e.customer, [...(times.get(e.customer) ?? []), e.t]);
      for (const ts of times.values()) ties += ts.length - new Set(ts).size;
      for (const f of d.funnels) {
        const first = f.steps[0];
        if (!first) continue;
        const entries = d.events.filter((e) => matches(first, e));
        early += entries.filter((e) => e.t < f.from).length;
        // An entry and a later step's event of the same customer exactly W apart.
        for (const s of entries.filter((e) => e.t >= f.from && e.t < f.to)) {
          exactlyW += d.events.filter(
            (e) =>
              e.customer === s.customer &&
              e.t - s.t === f.windowSeconds &&
              f.steps.slice(1).some((step) => matches(step, e)),
          ).length;
        }
      }
    }
    expect(ties).toBeGreaterThan(100);
    expect(early).toBeGreaterThan(50);
    expect(exactlyW).toBeGreaterThan(10);
  });
});
