import { type TFunnelStep, ZFunnelParamsSchema } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFunnel as getFunnelOnPostgres } from "../../src/metrics";
import * as chm from "../../src/metrics/clickhouse";
import { UnknownKeyError } from "../../src/queries/errors";
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

const filter = { from: date(0), to: date(10 * DAY) };
const discovery: TFunnelStep = { kind: "stage", key: "discovery" };
const consideration: TFunnelStep = { kind: "stage", key: "consideration" };
const purchase: TFunnelStep = { kind: "stage", key: "purchase" };
/** "… without going to the store or asking for support in between" (issue 19 item 4). */
const noService = { touchpoints: ["store"], types: ["support"] };

describe("funnel exclusion schema", () => {
  it("refuses an exclusion on the first step, an empty one and more than 5 touchpoints", () => {
    const base = { filter, steps: [discovery, purchase] };
    const first = ZFunnelParamsSchema.safeParse({
      ...base,
      steps: [{ ...discovery, exclude: noService }, purchase],
    });
    expect(first.success).toBe(false);
    expect(first.error?.issues[0]?.message).toMatch(/first step cannot exclude/);
    expect(first.error?.issues[0]?.path).toEqual(["steps", 0, "exclude"]);
    const empty = ZFunnelParamsSchema.safeParse({
      ...base,
      steps: [discovery, { ...purchase, exclude: { touchpoints: [] } }],
    });
    expect(empty.error?.issues[0]?.message).toMatch(/at least one touchpoint or event type/);
    const many = ZFunnelParamsSchema.safeParse({
      ...base,
      steps: [discovery, { ...purchase, exclude: { touchpoints: ["a", "b", "c", "d", "e", "f"] } }],
    });
    expect(many.error?.issues[0]?.message).toMatch(/at most 5 touchpoints/);
    expect(
      ZFunnelParamsSchema.safeParse({
        ...base,
        steps: [discovery, { ...purchase, exclude: noService }],
      }).success,
    ).toBe(true);
  });
});

describe.each(METRIC_ENGINES)("funnel exclusions on $name", (engine) => {
  let t: TestDatabase;
  const on = onEngine(engine, () => t);
  const getFunnel = on.metric(getFunnelOnPostgres, chm.getFunnel);

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    // Discovery is `ads`, consideration `website`, purchase `checkout`; `store` (decision) and
    // a `support` event at `delivery` (after-sales) are the customer service.
    await insertEvents(t.db, [
      // a: the store between consideration (1 h) and purchase (3 h).
      { id: "a1", customer: "a", touchpoint: "ads", t: 0 },
      { id: "a2", customer: "a", touchpoint: "website", t: HOUR },
      { id: "a3", customer: "a", touchpoint: "store", t: 2 * HOUR },
      { id: "a4", customer: "a", touchpoint: "checkout", type: "purchase", t: 3 * HOUR },
      // b: the store before the entry (0 h, entry 1 h) and after the purchase (4 h).
      { id: "b0", customer: "b", touchpoint: "store", t: 0 },
      { id: "b1", customer: "b", touchpoint: "ads", t: HOUR },
      { id: "b2", customer: "b", touchpoint: "website", t: 2 * HOUR },
      { id: "b3", customer: "b", touchpoint: "checkout", type: "purchase", t: 3 * HOUR },
      { id: "b4", customer: "b", touchpoint: "store", t: 4 * HOUR },
      // c: the store between discovery and consideration.
      { id: "c1", customer: "c", touchpoint: "ads", t: 0 },
      { id: "c2", customer: "c", touchpoint: "store", t: 30 * MINUTE },
      { id: "c3", customer: "c", touchpoint: "website", t: HOUR },
      { id: "c4", customer: "c", touchpoint: "checkout", type: "purchase", t: 2 * HOUR },
      // d: the store at the same instant as consideration: not strictly between.
      { id: "d1", customer: "d", touchpoint: "ads", t: 0 },
      { id: "d2", customer: "d", touchpoint: "website", t: HOUR },
      { id: "d3", customer: "d", touchpoint: "store", t: HOUR },
      { id: "d4", customer: "d", touchpoint: "checkout", type: "purchase", t: 2 * HOUR },
      // e: the store at the same instant as the purchase: not strictly between.
      { id: "e1", customer: "e", touchpoint: "ads", t: 0 },
      { id: "e2", customer: "e", touchpoint: "website", t: HOUR },
      { id: "e3", customer: "e", touchpoint: "store", t: 2 * HOUR },
      { id: "e4", customer: "e", touchpoint: "checkout", type: "purchase", t: 2 * HOUR },
      // f: the store cuts the first consideration, a second one (3 h) after it goes on to the
      // purchase (4 h), from the same entry (0 h): 4 h to purchase.
      { id: "f1", customer: "f", touchpoint: "ads", t: 0 },
      { id: "f2", customer: "f", touchpoint: "website", t: HOUR },
      { id: "f3", customer: "f", touchpoint: "store", t: 2 * HOUR },
      { id: "f4", customer: "f", touchpoint: "website", t: 3 * HOUR },
      { id: "f5", customer: "f", touchpoint: "checkout", type: "purchase", t: 4 * HOUR },
      // g: a support event (type) between consideration and purchase.
      { id: "g1", customer: "g", touchpoint: "ads", t: 0 },
      { id: "g2", customer: "g", touchpoint: "website", t: HOUR },
      { id: "g3", customer: "g", touchpoint: "delivery", type: "support", t: 2 * HOUR },
      { id: "g4", customer: "g", touchpoint: "checkout", type: "purchase", t: 3 * HOUR },
      // h: the consideration event is itself a support request (website@support): it reaches
      // consideration, and as an exclusion before purchase it is at that same instant.
      { id: "h1", customer: "h", touchpoint: "ads", t: 0 },
      { id: "h2", customer: "h", touchpoint: "website", type: "support", t: HOUR },
      { id: "h3", customer: "h", touchpoint: "checkout", type: "purchase", t: 2 * HOUR },
    ]);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const counts = async (steps: TFunnelStep[]) =>
    (await getFunnel(t.db, { filter, steps })).steps.map((s) => s.customers);

  it("without exclusions all 8 customers reach purchase (8, 8, 8)", async () => {
    expect(await counts([discovery, consideration, purchase])).toEqual([8, 8, 8]);
  });

  it("excluding the store and support before purchase drops a and g only (8, 8, 6): before the entry, after the purchase, before consideration, at either instant, or before a later consideration does not", async () => {
    const funnel = await getFunnel(t.db, {
      filter,
      steps: [discovery, consideration, { ...purchase, exclude: noService }],
    });
    expect(funnel.steps.map((s) => s.customers)).toEqual([8, 8, 6]);
    const last = funnel.steps[2];
    expect(last?.dropOff).toBe(2);
    expect(last?.conversionFromPrevious).toBeCloseTo(6 / 8, 10);
    // Times from the entry: b 2 h (entry at 1 h), c, d, e, h 2 h, f 4 h: median 2 h, p90
    // 2 h + 0.5 × 2 h (position 4.5 of 6 sorted, between 2 h and 4 h) = 3 h.
    expect(last?.medianSecondsToStep).toBe(2 * HOUR);
    expect(last?.p90SecondsToStep).toBe(3 * HOUR);
  });

  it("excluding only by type (support) drops g alone (8, 8, 7); by touchpoint (store) a alone", async () => {
    expect(
      await counts([discovery, consideration, { ...purchase, exclude: { types: ["support"] } }]),
    ).toEqual([8, 8, 7]);
    expect(
      await counts([
        discovery,
        consideration,
        { ...purchase, exclude: { touchpoints: ["store"] } },
      ]),
    ).toEqual([8, 8, 7]);
  });

  it("the store excluded before consideration drops c at consideration (8, 7, 7); the later step is not checked", async () => {
    expect(
      await counts([
        discovery,
        { ...consideration, exclude: { touchpoints: ["store"] } },
        purchase,
      ]),
    ).toEqual([8, 7, 7]);
  });

  it("exclusions on both later steps: c drops at consideration, a and f at purchase (8, 7, 5): f's second consideration has the store between it and the entry", async () => {
    expect(
      await counts([
        discovery,
        { ...consideration, exclude: { touchpoints: ["store"] } },
        { ...purchase, exclude: { touchpoints: ["store"] } },
      ]),
    ).toEqual([8, 7, 5]);
  });

  it("an unknown touchpoint in an exclusion is an unknown key, not a 500", async () => {
    await expect(
      getFunnel(t.db, {
        filter,
        steps: [discovery, { ...purchase, exclude: { touchpoints: ["call_centre"] } }],
      }),
    ).rejects.toBeInstanceOf(UnknownKeyError);
  });
});
