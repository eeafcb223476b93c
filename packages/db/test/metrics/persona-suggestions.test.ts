import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getPersonaFeatures as getPersonaFeaturesOnPostgres,
  type PersonaFeatureRow,
  type PersonaFeatures,
  suggestPersonas,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { customers } from "../../src/schema";
import { METRIC_ENGINES, onEngine } from "../clickhouse/engines";
import {
  assignTestPersonas,
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  MINUTE,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
} from "../helpers";

/** Period [T0, T0 + 10 d). Test catalogue channels by key: app, email, store, web. */
const FIXTURE: FixtureEvent[] = [
  { id: "a1", customer: "a", touchpoint: "ads", t: 0, satisfaction: 4 },
  { id: "a2", customer: "a", touchpoint: "website", t: HOUR },
  {
    id: "a3",
    customer: "a",
    touchpoint: "checkout",
    t: 2 * HOUR,
    type: "purchase",
    revenue: "50.00",
    satisfaction: 5,
  },
  { id: "b1", customer: "b", touchpoint: "store", t: DAY, satisfaction: 2 },
  {
    id: "b2",
    customer: "b",
    touchpoint: "till",
    t: DAY + 10 * MINUTE,
    type: "purchase",
    revenue: "120.00",
    satisfaction: 3,
  },
  { id: "b3", customer: "b", touchpoint: "newsletter", t: 3 * DAY },
  // Before the period: c's discovery does not count.
  { id: "c0", customer: "c", touchpoint: "ads", t: -DAY, satisfaction: 5 },
  { id: "c1", customer: "c", touchpoint: "app", t: 2 * DAY, satisfaction: 1 },
  // At `to`: d is not active in the period.
  { id: "d1", customer: "d", touchpoint: "ads", t: 10 * DAY },
];

const filter = { from: date(0), to: date(10 * DAY) };
const none = { sum: 0, n: 0 };
const stageSat = (over: Partial<PersonaFeatureRow["stageSatisfaction"]>) => ({
  discovery: none,
  consideration: none,
  decision: none,
  purchase: none,
  after_sales: none,
  loyalty: none,
  ...over,
});

describe.each(METRIC_ENGINES)("getPersonaFeatures on $name", (engine) => {
  let t: TestDatabase;
  const getPersonaFeatures = onEngine(engine, () => t).metric(
    getPersonaFeaturesOnPostgres,
    chm.getPersonaFeatures,
  );
  const ids = new Map<string, number>();
  const byExternal = (rows: PersonaFeatureRow[], external: string) =>
    rows.find((r) => r.customerId === ids.get(external));

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, {
      a: { device: "mobile", age: 25 },
      b: { device: "desktop", age: 52 },
    });
    for (const c of await t.db.select().from(customers)) ids.set(c.externalId, c.id);
  });
  afterAll(() => t.cleanup());

  it("three active customers (d's only event is at `to`), one row each, by id", async () => {
    const f = await getPersonaFeatures(t.db, { filter });
    expect(f.totalCustomers).toBe(3);
    expect(f.rows.map((r) => r.customerId)).toEqual(
      ["a", "b", "c"].map((x) => ids.get(x)).sort((x = 0, y = 0) => x - y),
    );
  });

  it("a: web only, discovery + consideration + purchase (furthest 4th), 3 events, 50 spent, last event 2 h in: 10 − 2/24 days, satisfaction (4 + 5) / 2", async () => {
    const a = byExternal((await getPersonaFeatures(t.db, { filter })).rows, "a");
    expect(a).toMatchObject({
      channels: ["web"],
      stages: ["discovery", "consideration", "purchase"],
      furthestStage: 4,
      events: 3,
      revenue: 50,
      satSum: 9,
      satN: 2,
      attributes: { device: "mobile", age: 25 },
    });
    expect(a?.recencyDays).toBeCloseTo(10 - 2 / 24, 9);
    expect(a?.stageSatisfaction).toEqual(
      stageSat({ discovery: { sum: 4, n: 1 }, purchase: { sum: 5, n: 1 } }),
    );
  });

  it("b: email + store, decision + purchase + loyalty (furthest 6th), 120 spent, last event day 3: 7 days, satisfaction 2 + 3", async () => {
    const b = byExternal((await getPersonaFeatures(t.db, { filter })).rows, "b");
    expect(b).toMatchObject({
      channels: ["email", "store"],
      stages: ["decision", "purchase", "loyalty"],
      furthestStage: 6,
      events: 3,
      revenue: 120,
      satSum: 5,
      satN: 2,
      attributes: { device: "desktop", age: 52 },
    });
    expect(b?.recencyDays).toBeCloseTo(7, 9);
    expect(b?.stageSatisfaction).toEqual(
      stageSat({ decision: { sum: 2, n: 1 }, purchase: { sum: 3, n: 1 } }),
    );
  });

  it("c: its discovery before `from` is out: app, consideration only, 1 event, nothing spent, 8 days, satisfaction 1, no attributes", async () => {
    const c = byExternal((await getPersonaFeatures(t.db, { filter })).rows, "c");
    expect(c).toMatchObject({
      channels: ["app"],
      stages: ["consideration"],
      furthestStage: 2,
      events: 1,
      revenue: 0,
      satSum: 1,
      satN: 1,
      attributes: {},
    });
    expect(c?.recencyDays).toBeCloseTo(8, 9);
  });

  it("a channel filter keeps the matching events: store → b only, 2 events, furthest stage purchase", async () => {
    const f = await getPersonaFeatures(t.db, { filter: { ...filter, channels: ["store"] } });
    expect(f.totalCustomers).toBe(1);
    expect(f.rows).toHaveLength(1);
    expect(f.rows[0]).toMatchObject({ channels: ["store"], events: 2, furthestStage: 4 });
  });

  it("a sample of 2 is the two customers whose md5('id:seed') sorts first, the same on every engine; the total stays 3", async () => {
    const md5 = (s: string) => createHash("md5").update(s).digest("hex");
    for (const seed of [1, 7]) {
      const expected = [...ids.entries()]
        .filter(([external]) => external !== "d")
        .map(([, id]) => id)
        .sort((x, y) => (md5(`${x}:${seed}`) < md5(`${y}:${seed}`) ? -1 : 1))
        .slice(0, 2)
        .sort((x, y) => x - y);
      const f = await getPersonaFeatures(t.db, { filter, sampleSize: 2, seed });
      expect(f.totalCustomers).toBe(3);
      expect(f.rows.map((r) => r.customerId)).toEqual(expected);
    }
  });
});

// ------------------------------------------------------------------------- clustering

/** Two obvious groups: 60 young mobile app users, 40 older desktop store buyers. */
function twoGroups(): PersonaFeatures {
  const stages = ["discovery", "consideration", "decision", "purchase"].map((key) => ({
    key,
    name: key,
  }));
  const rows: PersonaFeatureRow[] = [];
  for (let i = 0; i < 100; i++) {
    const young = i < 60;
    const reached = young ? ["discovery", "consideration"] : stages.map((s) => s.key);
    rows.push({
      customerId: i + 1,
      channels: young ? ["app"] : ["store", "web"],
      stages: reached,
      furthestStage: reached.length,
      events: young ? 2 + (i % 2) : 9 + (i % 3),
      revenue: young ? 0 : 200 + (i % 5) * 10,
      recencyDays: young ? 2 + (i % 3) : 20 + (i % 4),
      satSum: young ? 4 : 2,
      satN: 1,
      stageSatisfaction: Object.fromEntries(
        stages.map((s) => [s.key, s.key === "consideration" ? { sum: young ? 4 : 2, n: 1 } : none]),
      ),
      attributes: young
        ? { device: "mobile", age: 20 + (i % 10) }
        : { device: "desktop", age: 50 + (i % 10), member: true },
    });
  }
  return {
    totalCustomers: 100,
    seed: 1,
    rows,
    stages,
    channels: ["app", "store", "web"].map((key) => ({ key, name: key })),
  };
}

describe("suggestPersonas", () => {
  it("with k = 2 finds the two groups, largest first, and rules that pick each out with precision and coverage 1", () => {
    const result = suggestPersonas(twoGroups(), { k: 2 });
    expect(result).toMatchObject({ k: 2, kChosenBy: "admin", sampled: 100, totalCustomers: 100 });
    const [first, second] = result.suggestions;
    expect([first?.customers, second?.customers]).toEqual([60, 40]);
    expect(first?.share).toBeCloseTo(0.6, 12);
    expect(first?.ruleQuality).toEqual({ matched: 60, precision: 1, coverage: 1 });
    expect(second?.ruleQuality).toEqual({ matched: 40, precision: 1, coverage: 1 });
    expect(first?.rules.conditions).toHaveLength(1);
    expect(second?.rules.conditions).toHaveLength(1);
    expect(first?.rules.match).toBe("all");
  });

  it("the first group's profile: all on the app (1 against 0.6 overall), no spend, satisfaction 4 against 3.2", () => {
    const [first] = suggestPersonas(twoGroups(), { k: 2 }).suggestions;
    const row = (kind: string, extra: Record<string, string> = {}) =>
      first?.profile.find(
        (p) =>
          p.feature.kind === kind &&
          Object.entries(extra).every(([k, v]) => (p.feature as Record<string, unknown>)[k] === v),
      );
    expect(row("channel", { channel: "app" })).toMatchObject({ mean: 1, overall: 0.6 });
    expect(row("revenue")?.mean).toBe(0);
    expect(row("satisfaction")?.mean).toBeCloseTo(4, 12);
    expect(row("satisfaction")?.overall).toBeCloseTo(0.6 * 4 + 0.4 * 2, 12);
    expect(row("attribute", { attribute: "device", value: "mobile" })).toMatchObject({
      mean: 1,
      overall: 0.6,
    });
  });

  it("the funnel and emotion curve come from the sample: the second group reaches every stage, rates consideration 2", () => {
    const [, second] = suggestPersonas(twoGroups(), { k: 2 }).suggestions;
    expect(second?.funnel.map((s) => s.reached)).toEqual([40, 40, 40, 40]);
    expect(second?.emotion.find((s) => s.stage === "consideration")).toMatchObject({
      mean: 2,
      n: 40,
    });
  });

  it("is reproducible: the same seed gives the same suggestions, k chosen by silhouette among 3 to 6", () => {
    const once = suggestPersonas(twoGroups());
    expect(suggestPersonas(twoGroups())).toEqual(once);
    expect(once.kChosenBy).toBe("silhouette");
    expect(once.silhouettes.map((s) => s.k)).toEqual([3, 4, 5, 6]);
    expect(once.k).toBe(once.silhouettes.reduce((best, s) => (s.score > best.score ? s : best)).k);
    expect(once.suggestions.reduce((n, s) => n + s.sampled, 0)).toBe(100);
  });

  it("a sample stands for everyone: shares times all active customers", () => {
    const features = { ...twoGroups(), totalCustomers: 1_000 };
    const [first] = suggestPersonas(features, { k: 2 }).suggestions;
    expect(first?.customers).toBe(600);
  });

  it("fewer than 10 customers: no suggestions", () => {
    const features = twoGroups();
    expect(suggestPersonas({ ...features, rows: features.rows.slice(0, 9) }).suggestions).toEqual(
      [],
    );
  });
});
