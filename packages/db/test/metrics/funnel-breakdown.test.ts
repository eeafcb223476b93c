import type { TBreakdown, TFunnelStep } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FunnelBreakdown, getFunnelBreakdown } from "../../src/metrics";
import { getFunnelBreakdown as getFunnelBreakdownOnClickHouse } from "../../src/metrics/clickhouse";
import { type Catalogue, getCatalogue, listBreakdownKeys } from "../../src/queries";
import { CLICKHOUSE_UP, openTestClickHouse, type TestClickHouse } from "../clickhouse/helpers";
import { syncFully } from "../clickhouse/sync-fixtures";
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
  TEST_TARGETS,
  type TestDatabase,
} from "../helpers";

/** Funnel breakdowns (issue 19 item 4): ads (discovery) → website (consideration), W = 30 days. */
const STEPS: TFunnelStep[] = [
  { kind: "stage", key: "discovery" },
  { kind: "stage", key: "consideration" },
];

/** Attribute case: [T0, T0 + 10 days). Property case: 40 days later, its own customers. */
const ATTRIBUTES = { from: date(0), to: date(10 * DAY) };
const P = 40 * DAY;
const PROPERTIES = { from: date(P), to: date(P + 10 * DAY) };

let n = 0;
const ev = (
  customer: string,
  touchpoint: "ads" | "website",
  t: number,
  properties?: Record<string, unknown>,
  id = `e${++n}`,
): FixtureEvent => ({ id, customer, touchpoint, t, ...(properties ? { properties } : {}) });

const FIXTURE: FixtureEvent[] = [
  // Attributes: who entered, and in how long they reached the website.
  ev("a1", "ads", HOUR),
  ev("a1", "website", 2 * HOUR), // pro, 1 h
  ev("a2", "ads", 3 * HOUR), // pro, no conversion
  ev("a3", "ads", HOUR),
  ev("a3", "website", 5 * HOUR), // free, 4 h
  ev("a4", "ads", HOUR),
  ev("a4", "website", HOUR + 30 * MINUTE), // 12.5, 30 min
  ev("a5", "ads", HOUR), // basic, no conversion
  ev("a6", "ads", HOUR),
  ev("a6", "website", 3 * HOUR), // no plan, 2 h
  ev("a7", "ads", HOUR), // plan null, no conversion
  ev("a8", "ads", HOUR),
  ev("a8", "website", 2 * HOUR), // free (a nested plan is not its plan), 1 h
  ev("a9", "website", HOUR), // pro, never entered
  ev("a10", "ads", HOUR),
  ev("a10", "website", 2 * HOUR), // é "q", 1 h
  ev("a11", "ads", HOUR),
  ev("a11", "website", 2 * HOUR), // only a nested plan: none, 1 h
  // Properties (utm): the value on the first entry in the period.
  ev("p1", "ads", P - HOUR, { utm: "old" }), // before `from`: not an entry
  ev("p1", "ads", P + HOUR, { utm: "google" }),
  ev("p1", "website", P + 2 * HOUR),
  ev("p2", "ads", P + HOUR, { utm: "google" }),
  ev("p2", "ads", P + 2 * HOUR, { utm: "bing" }),
  ev("p2", "website", P + 3 * HOUR),
  ev("p3", "ads", P + HOUR, { utm: "bing" }),
  ev("p3", "website", P + 2 * HOUR),
  // Two entries at the same instant: the least event id (p4-a) decides.
  ev("p4", "ads", P + HOUR, { utm: "zeta" }, "p4-b"),
  ev("p4", "ads", P + HOUR, { utm: "alpha" }, "p4-a"),
  ev("p5", "ads", P + HOUR, { other: "x" }),
  ev("p5", "ads", P + 3 * HOUR, { utm: "bing" }),
  ev("p5", "website", P + 4 * HOUR),
  ev("p6", "website", P + HOUR, { utm: "bing" }), // never entered
  ev("p7", "ads", P + HOUR, { utm: 7 }),
  ev("p8", "ads", P + HOUR, { utm: { nested: "x" } }), // an object: none
];

const ATTRIBUTE_VALUES: Record<string, Record<string, unknown>> = {
  a1: { plan: "pro" },
  a2: { plan: "pro" },
  a3: { plan: "free" },
  a4: { plan: 12.5 },
  a5: { plan: "basic" },
  a6: { age: 40 },
  a7: { plan: null },
  a8: { a: { plan: "trap" }, plan: "free" },
  a9: { plan: "pro" },
  a10: { plan: 'é "q"' },
  a11: { a: { plan: "trap" } },
};

const ENGINES = [
  ...TEST_TARGETS.map((target) => ({ target, clickhouse: false, name: target })),
  ...(CLICKHOUSE_UP ? [{ target: "pglite" as const, clickhouse: true, name: "ClickHouse" }] : []),
];

/** Each series as `label: [count per step] median-to-last-step`. */
function shape(r: FunnelBreakdown): string[] {
  return r.series.map((s) => {
    const label = s.kind === "value" ? s.value : `(${s.kind})`;
    const counts = s.funnel.steps.map((step) => step.customers).join(", ");
    const median = s.funnel.steps.at(-1)?.medianSecondsToStep;
    return `${label}: [${counts}] ${median ?? "-"}`;
  });
}

describe.each(ENGINES)("getFunnelBreakdown on $name", ({ target, clickhouse }) => {
  let t: TestDatabase;
  let ch: TestClickHouse | undefined;
  let catalogue: Catalogue;
  const breakdown = (filter: { from: Date; to: Date }, by: TBreakdown) => {
    const params = { filter, steps: STEPS, breakdown: by };
    return ch
      ? getFunnelBreakdownOnClickHouse(ch, { ...params, catalogue })
      : getFunnelBreakdown(t.db, params);
  };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, ATTRIBUTE_VALUES);
    catalogue = await getCatalogue(t.db);
    if (clickhouse) {
      ch = await openTestClickHouse();
      await syncFully(t.db, ch);
    }
  });
  afterAll(async () => {
    await ch?.cleanup();
    await t.cleanup();
  });

  it("top 2 attribute values by customers who entered (ties in byte order), then other and none", async () => {
    const r = await breakdown(ATTRIBUTES, { kind: "attribute", key: "plan", top: 2 });
    // free: a3 (4 h), a8 (1 h); pro: a1 (1 h), a2; other: 12.5 (30 min), basic, é "q" (1 h);
    // none: a6 (no plan, 2 h), a7 (null), a11 (only a nested plan, 1 h). a9 never entered.
    expect(shape(r)).toEqual([
      `free: [2, 2] ${2.5 * HOUR}`,
      `pro: [2, 1] ${HOUR}`,
      `(other): [3, 2] ${0.75 * HOUR}`,
      `(none): [3, 2] ${1.5 * HOUR}`,
    ]);
    expect(r.breakdown).toEqual({ kind: "attribute", key: "plan", top: 2 });
  });

  it("numbers read as JSON prints them; with room for every value there is no other", async () => {
    const r = await breakdown(ATTRIBUTES, { kind: "attribute", key: "plan", top: 5 });
    expect(shape(r)).toEqual([
      `free: [2, 2] ${2.5 * HOUR}`,
      `pro: [2, 1] ${HOUR}`,
      `12.5: [1, 1] ${30 * MINUTE}`,
      "basic: [1, 0] -",
      `é "q": [1, 1] ${HOUR}`,
      `(none): [3, 2] ${1.5 * HOUR}`,
    ]);
  });

  it("an attribute nobody has: everyone who entered is none", async () => {
    const r = await breakdown(ATTRIBUTES, { kind: "attribute", key: "missing", top: 5 });
    expect(shape(r)).toEqual([`(none): [10, 7] ${HOUR}`]);
  });

  it("a property's value on the customer's first entry in the period", async () => {
    const r = await breakdown(PROPERTIES, { kind: "property", key: "utm", top: 2 });
    // google: p1 (not its `old` entry before `from`; 1 h), p2 (its first entry; 1 h from its
    // latest entry); 7: p7;
    // other: p4 (alpha, the lesser id at the same instant), p3 (bing, converts);
    // none: p5 (first entry without utm; converts), p8 (an object). p6 never entered.
    expect(shape(r)).toEqual([
      `google: [2, 2] ${HOUR}`,
      "7: [1, 0] -",
      `(other): [2, 1] ${HOUR}`,
      `(none): [2, 1] ${HOUR}`,
    ]);
    const all = await breakdown(PROPERTIES, { kind: "property", key: "utm", top: 20 });
    expect(all.series.map((s) => s.value)).toEqual(["google", "7", "alpha", "bing", null]);
  });

  it.runIf(!clickhouse)("offers the top-level attribute and property keys seen", async () => {
    expect(await listBreakdownKeys(t.db)).toEqual({
      attributes: ["a", "age", "plan"],
      properties: ["other", "utm"],
    });
  });

  it("by persona: one series per persona, unassigned last", async () => {
    const r = await breakdown(ATTRIBUTES, { kind: "persona" });
    expect(r.series.map((s) => s.value)).toEqual(["young", "loyal", "unassigned"]);
    expect(r.series.at(-1)?.funnel.steps[0]?.customers).toBe(10);
  });
});
