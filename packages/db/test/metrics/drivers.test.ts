import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getDrivers as getDriversOnPostgres,
  MIN_DRIVER_GROUP,
  newcombeInterval,
  welchInterval,
} from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
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

/**
 * Period [T0, T0 + 10 d). Consideration is reached by 81 customers:
 * - a00–a39 use the app (rated 4 for even i, 5 for odd i); a00–a29 then buy at checkout;
 * - b00–b39 use the website (rated 2 for even i, 3 for odd i); b00–b09 then buy at checkout;
 *   b00 uses the app too, but at `to`, outside the period;
 * - ab uses both (app 5, website 3: a mean of 4) and buys at checkout.
 * Decision: s1 (store 5, buys at the till), s2 (store), s3 (the website, naming the decision
 * stage, rated 3). Discovery: d1 (ads, rated 1).
 */
const A: FixtureEvent[] = Array.from({ length: 40 }, (_, i) => [
  { id: `a${i}-app`, customer: `a${i}`, touchpoint: "app", t: i * HOUR, satisfaction: 4 + (i % 2) },
  ...(i < 30
    ? [
        {
          id: `a${i}-buy`,
          customer: `a${i}`,
          touchpoint: "checkout",
          t: i * HOUR + 60,
          type: "purchase",
        },
      ]
    : []),
]).flat();
const B: FixtureEvent[] = Array.from({ length: 40 }, (_, i) => [
  {
    id: `b${i}-web`,
    customer: `b${i}`,
    touchpoint: "website",
    t: i * HOUR,
    satisfaction: 2 + (i % 2),
  },
  ...(i < 10
    ? [
        {
          id: `b${i}-buy`,
          customer: `b${i}`,
          touchpoint: "checkout",
          t: i * HOUR + 60,
          type: "purchase",
        },
      ]
    : []),
]).flat();
const OTHERS: FixtureEvent[] = [
  { id: "b0-late-app", customer: "b0", touchpoint: "app", t: 10 * DAY, satisfaction: 5 },
  { id: "ab-app", customer: "ab", touchpoint: "app", t: DAY, satisfaction: 5 },
  { id: "ab-web", customer: "ab", touchpoint: "website", t: DAY + 60, satisfaction: 3 },
  { id: "ab-buy", customer: "ab", touchpoint: "checkout", t: DAY + 120, type: "purchase" },
  { id: "s1-store", customer: "s1", touchpoint: "store", t: 2 * DAY, satisfaction: 5 },
  { id: "s1-buy", customer: "s1", touchpoint: "till", t: 2 * DAY + 60, type: "purchase" },
  { id: "s2-store", customer: "s2", touchpoint: "store", t: 2 * DAY },
  {
    id: "s3-web",
    customer: "s3",
    touchpoint: "website",
    t: 2 * DAY,
    stage: "decision",
    satisfaction: 3,
  },
  { id: "d1-ads", customer: "d1", touchpoint: "ads", t: 3 * DAY, satisfaction: 1 },
];

const filter = { from: date(0), to: date(10 * DAY) };

describe("driver intervals", () => {
  it("Newcombe's hybrid score interval of 31/41 − 10/40 (Wilson at z = 1.959964): [0.292919, 0.657274]", () => {
    const [low, high] = newcombeInterval(31, 41, 10, 40);
    expect(low).toBeCloseTo(0.2929189, 6);
    expect(high).toBeCloseTo(0.6572739, 6);
  });

  it("Newcombe keeps inside [−1, 1] with rates of 0 and 1: 1/2 − 0/1 → [−0.391049, 0.905469]", () => {
    const [low, high] = newcombeInterval(1, 2, 0, 1);
    expect(low).toBeCloseTo(-0.3910493, 6);
    expect(high).toBeCloseTo(0.9054688, 6);
  });

  it("Welch: 4 ×21, 5 ×20 against 2 ×20, 3 ×20: 1.987805 ± t(0.975, 78.95) · se = [1.763874, 2.211735]", () => {
    const interval = welchInterval(41, 184, 21 * 16 + 20 * 25, 40, 100, 20 * 4 + 20 * 9);
    expect(interval?.[0]).toBeCloseTo(1.7638744, 6);
    expect(interval?.[1]).toBeCloseTo(2.2117354, 6);
  });

  it("Welch has no interval below 2 per group or when neither group varies", () => {
    expect(welchInterval(1, 5, 25, 40, 100, 260)).toBeNull();
    expect(welchInterval(3, 12, 48, 3, 6, 12)).toBeNull();
  });
});

describe.each(METRIC_ENGINES)("getDrivers on $name", (engine) => {
  const { target } = engine;
  let t: TestDatabase;
  const getDrivers = onEngine(engine, () => t).metric(getDriversOnPostgres, chm.getDrivers);

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [...A, ...B, ...OTHERS]);
  });
  afterAll(() => t.cleanup());

  const driver = async (key: string) => {
    const d = await getDrivers(t.db, { filter });
    const found = d.touchpoints.find((x) => x.touchpoint === key);
    if (!found) throw new Error(`no driver for ${key}`);
    return found;
  };

  it("lists every touchpoint in its catalogue stage, by stage then channel (the catalogue's order: app, email, store, web), with the minimum group of 30", async () => {
    const d = await getDrivers(t.db, { filter });
    expect(MIN_DRIVER_GROUP).toBe(30);
    expect(d).toMatchObject({ conversionStage: "purchase", minGroup: 30, confidence: 0.95 });
    expect(d.touchpoints.map((x) => `${x.stage}/${x.touchpoint}`)).toEqual([
      "discovery/ads",
      "consideration/app",
      "consideration/website",
      "decision/store",
      "purchase/app_checkout",
      "purchase/till",
      "purchase/checkout",
      "after_sales/delivery",
      "loyalty/newsletter",
    ]);
  });

  it("app: with a00–a39 and ab (b0's app event is at `to`) 31 / 41 converted, without b00–b39 10 / 40; difference 0.506098 in Newcombe's [0.292919, 0.657274]: helps", async () => {
    const app = await driver("app");
    expect(app.with).toMatchObject({ customers: 41, converted: 31, rated: 41 });
    expect(app.without).toMatchObject({ customers: 40, converted: 10, rated: 40 });
    expect(app.with.conversionRate).toBeCloseTo(31 / 41, 12);
    expect(app.without.conversionRate).toBeCloseTo(0.25, 12);
    expect(app.conversion).toMatchObject({
      nWith: 41,
      nWithout: 40,
      sufficient: true,
      verdict: "helps",
    });
    expect(app.conversion?.difference).toBeCloseTo(31 / 41 - 0.25, 12);
    expect(app.conversion?.low).toBeCloseTo(0.2929189, 6);
    expect(app.conversion?.high).toBeCloseTo(0.6572739, 6);
  });

  it("app satisfaction, one mean per customer (ab: (5 + 3) / 2 = 4): with (21 × 4 + 20 × 5) / 41 = 4.487805, without 2.5; Welch [1.763874, 2.211735]: helps", async () => {
    const app = await driver("app");
    expect(app.with.satisfaction).toBeCloseTo(184 / 41, 10);
    expect(app.without.satisfaction).toBeCloseTo(2.5, 10);
    expect(app.satisfaction).toMatchObject({ nWith: 41, nWithout: 40, verdict: "helps" });
    expect(app.satisfaction.difference).toBeCloseTo(184 / 41 - 2.5, 10);
    expect(app.satisfaction.low).toBeCloseTo(1.7638744, 6);
    expect(app.satisfaction.high).toBeCloseTo(2.2117354, 6);
  });

  it("website: with b00–b39 and ab 11 / 41, without a00–a39 30 / 40 (s3's website event names the decision stage): −0.481707 in [−0.636914, −0.267466]; satisfaction 104 / 41 − 4.5 in Welch's [−2.197645, −1.729184]: hurts both", async () => {
    const web = await driver("website");
    expect(web.with).toMatchObject({ customers: 41, converted: 11, rated: 41 });
    expect(web.without).toMatchObject({ customers: 40, converted: 30, rated: 40 });
    expect(web.conversion?.verdict).toBe("hurts");
    expect(web.conversion?.low).toBeCloseTo(-0.636914, 6);
    expect(web.conversion?.high).toBeCloseTo(-0.2674656, 6);
    expect(web.satisfaction.difference).toBeCloseTo(104 / 41 - 4.5, 10);
    expect(web.satisfaction.low).toBeCloseTo(-2.1976453, 6);
    expect(web.satisfaction.high).toBeCloseTo(-1.729184, 6);
    expect(web.satisfaction.verdict).toBe("hurts");
  });

  it("store: with s1 and s2 (1 / 2), without s3 (0 / 1): difference 0.5 in [−0.391049, 0.905469], under 30 per group: too few; satisfaction 5 against 3 on one rating each: no interval", async () => {
    const store = await driver("store");
    expect(store.with).toMatchObject({ customers: 2, converted: 1, rated: 1, satisfaction: 5 });
    expect(store.without).toMatchObject({ customers: 1, converted: 0, rated: 1, satisfaction: 3 });
    expect(store.conversion).toMatchObject({
      difference: 0.5,
      sufficient: false,
      verdict: "too_few",
    });
    expect(store.conversion?.low).toBeCloseTo(-0.3910493, 6);
    expect(store.satisfaction).toMatchObject({
      difference: 2,
      low: null,
      high: null,
      sufficient: false,
      verdict: "too_few",
    });
  });

  it("ads: d1 alone reached discovery, so nobody reached it without: no difference", async () => {
    const ads = await driver("ads");
    expect(ads.without.customers).toBe(0);
    expect(ads.conversion).toMatchObject({ with: 0, without: null, difference: null, low: null });
  });

  it("checkout, in the conversion stage, has no conversion comparison; its 41 users' satisfaction (135 + 25 + 4) / 41 = 4 against s1's 5", async () => {
    const checkout = await driver("checkout");
    expect(checkout.conversion).toBeNull();
    expect(checkout.with).toMatchObject({ customers: 41, converted: 41, rated: 41 });
    expect(checkout.with.satisfaction).toBeCloseTo(4, 10);
    expect(checkout.without).toMatchObject({ customers: 1, rated: 1, satisfaction: 5 });
    expect(checkout.satisfaction.verdict).toBe("too_few");
  });

  it("rankings: the app helps and the website hurts, on conversion and on satisfaction", async () => {
    const d = await getDrivers(t.db, { filter });
    expect(d.rankings).toEqual({
      conversion: { helps: ["app"], hurts: ["website"] },
      satisfaction: { helps: ["app"], hurts: ["website"] },
    });
  });

  it("a channel filter keeps only its touchpoints and its events: on the app channel, consideration is a00–a39 and ab, all with the app", async () => {
    const d = await getDrivers(t.db, { filter: { ...filter, channels: ["app"] } });
    expect(d.touchpoints.map((x) => x.touchpoint)).toEqual(["app", "app_checkout"]);
    const app = d.touchpoints[0];
    expect(app?.with).toMatchObject({ customers: 41, converted: 0 });
    expect(app?.without.customers).toBe(0);
  });

  it("an empty period: every group empty, nothing ranked", async () => {
    const d = await getDrivers(t.db, { filter: { from: date(100 * DAY), to: date(101 * DAY) } });
    expect(d.touchpoints.every((x) => x.with.customers === 0 && x.without.customers === 0)).toBe(
      true,
    );
    expect(d.rankings.conversion).toEqual({ helps: [], hurts: [] });
  });
});
