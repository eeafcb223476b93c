import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GetObservedPathsParams,
  getObservedPaths as getObservedPathsOnPostgres,
  type ObservedPaths,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { UnknownKeyError } from "../../src/queries/errors";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
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
const ev = (customer: string, touchpoint: string, hours: number, id?: string): FixtureEvent => ({
  id: id ?? `p${++seq}`,
  customer,
  touchpoint,
  t: hours * HOUR,
});

/**
 * Period [T0, T0 + 10 d), W = 2 days. Stages of the test catalogue: ads → discovery, website
 * and app → consideration, store → decision, checkout and till → purchase (the conversion
 * stage), delivery → after-sales, newsletter → loyalty.
 */
const FIXTURE: FixtureEvent[] = [
  // a: consideration (repeat collapsed) > decision > purchase; after-sales cut by N = 3.
  ev("a", "ads", 0),
  ev("a", "website", 1),
  ev("a", "website", 2),
  ev("a", "store", 5),
  ev("a", "checkout", 7),
  ev("a", "delivery", 9),
  // b: the entry's own stage repeats first; same path as a.
  ev("b", "ads", 1),
  ev("b", "ads", 2),
  ev("b", "website", 3),
  ev("b", "store", 4),
  ev("b", "checkout", 6),
  // c: a loop back to discovery.
  ev("c", "ads", 0),
  ev("c", "website", 2),
  ev("c", "ads", 3),
  ev("c", "website", 4),
  // d: nothing after the entry.
  ev("d", "ads", 0),
  // e: the checkout comes 3 days later, beyond W: not a step, not a conversion.
  ev("e", "ads", 0),
  ev("e", "website", 1),
  ev("e", "checkout", 72),
  // f: the website visit before the entry is not part of the walk.
  ev("f", "website", 0),
  ev("f", "ads", 1),
  ev("f", "app", 2),
  ev("f", "till", 3),
  // h: three events at one instant, ordered by event_id: h0 before the entry h1, h2 after.
  ev("h", "website", 10, "h0"),
  ev("h", "ads", 10, "h1"),
  ev("h", "store", 10, "h2"),
  // g: discovery only before `from` and at `to`: not an entrant.
  ev("g", "ads", -1),
  ev("g", "website", 0),
  ev("g", "ads", 240),
];

const W = 2 * DAY;
const base = {
  filter: { from: date(0), to: date(10 * DAY) },
  start: { kind: "stage", key: "discovery" },
  steps: 3,
  windowSeconds: W,
} satisfies GetObservedPathsParams;

const pathsOf = (p: ObservedPaths) => p.paths.map((x) => [x.steps.join(" > "), x.customers]);

describe.each(METRIC_ENGINES)("getObservedPaths on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getObservedPaths = onEngine(engine, () => t).metric(
    getObservedPathsOnPostgres,
    chm.getObservedPaths,
  );

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    // Newsletter fan-out for "other": 22 customers, each newsletter then two touchpoints.
    const others = ["website", "app", "store", "checkout", "till", "delivery"];
    const pairs = others.flatMap((x) => others.filter((y) => y !== x).map((y) => [x, y]));
    const fan: FixtureEvent[] = [];
    pairs.slice(0, 22).forEach(([x = "", y = ""], i) => {
      // The first pair has three customers, every other one.
      for (const copy of i === 0 ? [0, 1, 2] : [0]) {
        const c = `n${i}-${copy}`;
        fan.push(ev(c, "newsletter", 0), ev(c, x, 1 + copy), ev(c, y, 3 + copy));
      }
    });
    await insertEvents(t.db, fan);
  });
  afterAll(() => t.cleanup());

  it("stage level, N = 3: 7 entrants (g has no entry in the period); paths by customers, then by keys", async () => {
    const p = await getObservedPaths(t.db, base);
    expect(p.entrants).toBe(7);
    expect(pathsOf(p)).toEqual([
      ["consideration > decision > purchase", 2], // a, b
      ["", 1], // d
      ["consideration", 1], // e: the checkout 72 h later is beyond W
      ["consideration > discovery > consideration", 1], // c: the loop stays
      ["consideration > purchase", 1], // f
      ["decision", 1], // h: h0 precedes the entry, h2 follows it
    ]);
    expect(p.paths[0]?.share).toBeCloseTo(2 / 7, 12);
    expect(p.other).toEqual({ paths: 0, customers: 0, share: 0, converted: 0, conversion: null });
  });

  it("conversion per path: a, b and f reach purchase within W (3 / 7 overall); e's checkout is too late", async () => {
    const p = await getObservedPaths(t.db, base);
    expect(p.converted).toBe(3);
    expect(p.conversion).toBeCloseTo(3 / 7, 12);
    expect(p.paths.map((x) => x.converted)).toEqual([2, 0, 0, 0, 1, 0]);
    expect(p.paths.map((x) => x.conversion)).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it("links with customers, share and the continuous median time: start → consideration 5 (1 h, 2 h, 2 h, 1 h, 1 h → 1 h); consideration → decision 2 (4 h, 1 h → 2.5 h)", async () => {
    const p = await getObservedPaths(t.db, base);
    expect(p.links.map((l) => [l.depth, l.source, l.target, l.customers, l.medianSeconds])).toEqual(
      [
        [0, null, "consideration", 5, HOUR],
        [0, null, "decision", 1, 0],
        [1, "consideration", "decision", 2, 2.5 * HOUR],
        [1, "consideration", "discovery", 1, HOUR],
        [1, "consideration", "purchase", 1, HOUR],
        [2, "decision", "purchase", 2, 2 * HOUR],
        [2, "discovery", "consideration", 1, HOUR],
      ],
    );
    expect(p.links[0]?.share).toBeCloseTo(5 / 7, 12);
    expect(p.stepNames.map((s) => s.key)).toEqual([
      "discovery",
      "consideration",
      "decision",
      "purchase",
    ]);
  });

  it("N = 1 keeps only the first step: consideration 5, then nothing 1, decision 1", async () => {
    const p = await getObservedPaths(t.db, { ...base, steps: 1 });
    expect(pathsOf(p)).toEqual([
      ["consideration", 5],
      ["", 1],
      ["decision", 1],
    ]);
  });

  it("touchpoint level: steps are touchpoints, the entry's ads repeat collapses (b), and c's ads comes back", async () => {
    const p = await getObservedPaths(t.db, { ...base, level: "touchpoint", steps: 2 });
    expect(pathsOf(p)).toEqual([
      ["website > store", 2], // a, b
      ["", 1], // d
      ["app > till", 1], // f
      ["store", 1], // h
      ["website", 1], // e
      ["website > ads", 1], // c
    ]);
  });

  it("a channel filter drops events first: web only → store, app and till are gone", async () => {
    const p = await getObservedPaths(t.db, {
      ...base,
      filter: { ...base.filter, channels: ["web"] },
    });
    expect(pathsOf(p)).toEqual([
      ["", 3], // d, f (app, till dropped), h (store dropped)
      ["consideration", 1], // e
      ["consideration > discovery > consideration", 1], // c
      ["consideration > purchase", 1], // b
      ["consideration > purchase > after_sales", 1], // a
    ]);
  });

  it("top 20 and other: 22 newsletter paths; website > app has 3 customers, the last 2 singles in key order (website > store, website > till) go to other", async () => {
    const p = await getObservedPaths(t.db, {
      ...base,
      start: { kind: "touchpoint", key: "newsletter" },
      level: "touchpoint",
      steps: 2,
    });
    expect(p.entrants).toBe(24);
    expect(p.paths).toHaveLength(20);
    expect(p.paths[0]).toMatchObject({ steps: ["website", "app"], customers: 3 });
    expect(p.other).toMatchObject({ paths: 2, customers: 2, converted: 1 });
    const singles = p.paths.slice(1).map((x) => x.steps.join(" > "));
    expect(singles).toEqual([...singles].sort());
    expect(singles.at(-1)).toBe("website > delivery");
    const other = p.links.find((l) => l.target === null);
    expect(other).toMatchObject({ depth: 0, source: null, customers: 2, medianSeconds: HOUR });
    // Links count only the listed paths' customers: 22 of 24.
    const fromStart = p.links.filter((l) => l.depth === 0 && l.target !== null);
    expect(fromStart.reduce((s, l) => s + l.customers, 0)).toBe(22);
  });

  it("an unknown start is a client's mistake", async () => {
    await expect(
      getObservedPaths(t.db, { ...base, start: { kind: "touchpoint", key: "nope" } }),
    ).rejects.toBeInstanceOf(UnknownKeyError);
  });

  it("no entrants: empty answer, no shares", async () => {
    const p = await getObservedPaths(t.db, {
      ...base,
      filter: { ...base.filter, personas: ["young"] },
    });
    expect(p.entrants).toBe(0);
    expect(p.paths).toEqual([]);
    expect(p.links).toEqual([]);
    expect(p.conversion).toBeNull();
  });
});
