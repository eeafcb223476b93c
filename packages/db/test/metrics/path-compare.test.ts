import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GetPathComparisonParams,
  getPathComparison as getPathComparisonOnPostgres,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { UnknownKeyError } from "../../src/queries/errors";
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
const ev = (customer: string, touchpoint: string, hours: number, satisfaction?: number) => ({
  id: `pc${++seq}`,
  customer,
  touchpoint,
  t: hours * HOUR,
  ...(satisfaction === undefined ? {} : { satisfaction }),
});

/**
 * Period [T0, T0 + 10 d), start: the discovery stage (ads), stage level, N = 2, W = 2 days.
 * Personas: a, b, f young; c, d loyal; e, g unassigned.
 */
const FIXTURE: FixtureEvent[] = [
  // a: consideration > purchase; converts 5 h after the entry; rated 4, 2, 5.
  ev("a", "ads", 0, 4),
  ev("a", "website", 1, 2),
  ev("a", "checkout", 5, 5),
  // b: consideration > purchase; converts after 3 h; rated 3.
  ev("b", "ads", 0),
  ev("b", "website", 2, 3),
  ev("b", "checkout", 3),
  // c: consideration only; rated 1.
  ev("c", "ads", 0),
  ev("c", "website", 1, 1),
  // d: consideration > decision (N = 2), then the till 10 h after the entry: converts; rated 5, 4.
  ev("d", "ads", 0),
  ev("d", "website", 1),
  ev("d", "store", 2, 5),
  ev("d", "till", 10, 4),
  ev("d", "delivery", 11),
  // e: consideration; the checkout 60 h later is beyond W: no conversion, its rating 1 not counted.
  ev("e", "ads", 0, 2),
  ev("e", "website", 1),
  ev("e", "checkout", 60, 1),
  // f: the website rating before the entry is not in the walk; converts 2 h after the entry.
  ev("f", "website", 0, 1),
  ev("f", "ads", 1),
  ev("f", "website", 2),
  ev("f", "checkout", 3, 4),
  // g: nothing after the entry; rated 3.
  ev("g", "ads", 0, 3),
];

const base = {
  filter: { from: date(0), to: date(10 * DAY) },
  start: { kind: "stage", key: "discovery" },
  level: "stage",
  steps: 2,
  windowSeconds: 2 * DAY,
} satisfies Omit<GetPathComparisonParams, "groups">;

const figures = (g: {
  customers: number;
  converted: number;
  conversion: number | null;
  medianSecondsToConversion: number | null;
  satisfaction: { mean: number | null; n: number };
}) => [g.customers, g.converted, g.conversion, g.medianSecondsToConversion, g.satisfaction.n];

describe.each(METRIC_ENGINES)("getPathComparison on $name", (engine) => {
  let t: TestDatabase;
  const getPathComparison = onEngine(engine, () => t).metric(
    getPathComparisonOnPostgres,
    chm.getPathComparison,
  );

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, {
      a: { age: 20 },
      b: { age: 25 },
      f: { age: 22 },
      c: { member: true },
      d: { member: true },
    });
  });
  afterAll(() => t.cleanup());

  it("two paths: consideration > purchase (a, b, f: all convert, median 3 h of 5, 3, 2 h; 18 / 5 rated) against consideration (c, e: none converts; 1 and 2)", async () => {
    const p = await getPathComparison(t.db, {
      ...base,
      groups: [
        { kind: "path", steps: ["consideration", "purchase"] },
        { kind: "path", steps: ["consideration"] },
      ],
    });
    expect(p.entrants).toBe(7);
    const [a, b] = p.groups;
    expect(a.name).toBe("Consideration → Purchase");
    expect(figures(a)).toEqual([3, 3, 1, 3 * HOUR, 5]);
    expect(a.share).toBeCloseTo(3 / 7, 12);
    expect(a.satisfaction.mean).toBeCloseTo(3.6, 12);
    expect(a.satisfaction.sufficient).toBe(false);
    expect(figures(b)).toEqual([2, 0, 0, null, 2]);
    expect(b.satisfaction.mean).toBeCloseTo(1.5, 12);
    expect(p.difference.customers).toBe(-1);
    expect(p.difference.share).toBeCloseTo(2 / 7 - 3 / 7, 12);
    expect(p.difference.conversion).toBe(-1);
    expect(p.difference.medianSecondsToConversion).toBeNull();
    expect(p.difference.satisfaction).toBeCloseTo(-2.1, 12);
  });

  it("no further step is the empty path (g alone, rated 3); a path the walk never took has no customer", async () => {
    const p = await getPathComparison(t.db, {
      ...base,
      groups: [
        { kind: "path", steps: [] },
        { kind: "path", steps: ["purchase"] },
      ],
    });
    expect(figures(p.groups[0])).toEqual([1, 0, 0, null, 1]);
    expect(p.groups[0].satisfaction.mean).toBe(3);
    expect(figures(p.groups[1])).toEqual([0, 0, null, null, 0]);
    expect(p.groups[1].share).toBe(0);
    expect(p.difference.conversion).toBeNull();
  });

  it("two personas on the same start: young (a, b, f) against loyal (c, d: d converts after 10 h; 1, 5, 4 rated)", async () => {
    const p = await getPathComparison(t.db, {
      ...base,
      groups: [
        { kind: "persona", persona: "young" },
        { kind: "persona", persona: "loyal" },
      ],
    });
    const [young, loyal] = p.groups;
    expect(young.name).toBe("Young mobile");
    expect(figures(young)).toEqual([3, 3, 1, 3 * HOUR, 5]);
    expect(figures(loyal)).toEqual([2, 1, 0.5, 10 * HOUR, 3]);
    expect(loyal.satisfaction.mean).toBeCloseTo(10 / 3, 12);
    expect(p.difference.medianSecondsToConversion).toBe(7 * HOUR);
    expect(p.difference.conversion).toBe(-0.5);
    expect(p.difference.satisfaction).toBeCloseTo(10 / 3 - 3.6, 12);
  });

  it("unassigned customers are a side too (e, g: 2 and 3 rated); the page's filters apply first (web only: d's store and till go, so d does not convert)", async () => {
    const p = await getPathComparison(t.db, {
      ...base,
      filter: { ...base.filter, channels: ["web"] },
      groups: [
        { kind: "persona", persona: "unassigned" },
        { kind: "persona", persona: "loyal" },
      ],
    });
    expect(p.entrants).toBe(7);
    expect(figures(p.groups[0])).toEqual([2, 0, 0, null, 2]);
    expect(p.groups[0].satisfaction.mean).toBe(2.5);
    expect(figures(p.groups[1])).toEqual([2, 0, 0, null, 1]);
  });

  it("an unknown step or persona is a client's mistake", async () => {
    await expect(
      getPathComparison(t.db, {
        ...base,
        groups: [
          { kind: "path", steps: ["nope"] },
          { kind: "path", steps: [] },
        ],
      }),
    ).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(
      getPathComparison(t.db, {
        ...base,
        groups: [
          { kind: "persona", persona: "young" },
          { kind: "persona", persona: "nope" },
        ],
      }),
    ).rejects.toBeInstanceOf(UnknownKeyError);
  });
});
