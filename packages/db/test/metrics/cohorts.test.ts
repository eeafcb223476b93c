import type { TAnalyticsFilter, TCohortRule, TCustomerSource } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getCustomerList as getCustomerListOnPostgres,
  getOverviewKpis as getOverviewKpisOnPostgres,
} from "../../src/metrics";
import { clickhouseEngine, postgresEngine } from "../../src/metrics/engine";
import {
  countRuleCustomers,
  createCohortFromRule,
  createStaticCohort,
  createUser,
  DomainError,
  deleteCohort,
  listCohorts,
  renameCohort,
  type SavedView,
} from "../../src/queries";
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
 * Period [T0, T0 + 10 d).
 * a: ads 1 h, website 2 h (rated 4), checkout 3 h (a purchase, rated 5). { age: 20, tier: gold } → young.
 * b: ads 1 h (rated 2), website 4 d. { tier: silver }.
 * c: website 5 h (rated 1), checkout 6 h (a purchase). { member: true, tier: gold } → loyal.
 * d: website 1 h (rated 2); back on the website 15 d (5 days after the period).
 * e: ads 1 h before the period; website 11 d (after it): no event in the period.
 * f: ads 9 d.
 * By hand: reached purchase = a, c; touched website = a, b, c, d, rated ≤ 2 = c, d; did not
 * return within 60 days = had an event in the period (a, b, c, d, f) and none in
 * [10 d, 70 d) (d, e returned) = a, b, c, f; tier gold = a, c; age 20 = a; young = a;
 * unassigned = b, d, e, f (of whom b, d, f are active in the period).
 */
const FIXTURE: FixtureEvent[] = [
  { id: "a1", customer: "a", touchpoint: "ads", t: HOUR },
  { id: "a2", customer: "a", touchpoint: "website", t: 2 * HOUR, satisfaction: 4 },
  {
    id: "a3",
    customer: "a",
    touchpoint: "checkout",
    t: 3 * HOUR,
    type: "purchase",
    revenue: "50.00",
    satisfaction: 5,
  },
  { id: "b1", customer: "b", touchpoint: "ads", t: HOUR, satisfaction: 2 },
  { id: "b2", customer: "b", touchpoint: "website", t: 4 * DAY },
  { id: "c1", customer: "c", touchpoint: "website", t: 5 * HOUR, satisfaction: 1 },
  {
    id: "c2",
    customer: "c",
    touchpoint: "checkout",
    t: 6 * HOUR,
    type: "purchase",
    revenue: "20.00",
  },
  { id: "d1", customer: "d", touchpoint: "website", t: HOUR, satisfaction: 2 },
  { id: "d2", customer: "d", touchpoint: "website", t: 15 * DAY },
  { id: "e0", customer: "e", touchpoint: "ads", t: -HOUR },
  { id: "e1", customer: "e", touchpoint: "website", t: 11 * DAY },
  { id: "f1", customer: "f", touchpoint: "ads", t: 9 * DAY },
];

const period = { from: date(0), to: date(10 * DAY) };
const everyoneActive: TCustomerSource = { kind: "kpi", kpi: "customers" };
const rule = (...conditions: TCohortRule["conditions"]): TCohortRule => ({ conditions });

describe.each(METRIC_ENGINES)("cohorts on $name", (engine) => {
  let t: TestDatabase;
  let owner: { id: number; role: "manager" };
  const on = onEngine(engine, () => t);
  // ClickHouse through the engine, which reads the cohort's definition from PostgreSQL.
  const getCustomerList = on.metric(getCustomerListOnPostgres, (client, params) =>
    clickhouseEngine(client).on(t.db).getCustomerList(params),
  );
  const getViewJourney = on.metric(
    (db, p: { view: SavedView }) => postgresEngine().on(db).getViewJourney(p.view),
    (client, p) => clickhouseEngine(client).on(t.db).getViewJourney(p.view),
  );
  const getKpis = on.metric(getOverviewKpisOnPostgres, (client, params) =>
    clickhouseEngine(client).on(t.db).getOverviewKpis(params),
  );

  /** The active customers of the period (the KPI's drill-down) within cohort `id`. */
  const members = async (cohort: number, f: TAnalyticsFilter = period) => {
    const list = await getCustomerList(t.db, {
      filter: { ...f, cohort },
      source: everyoneActive,
      sort: { by: "externalId", dir: "asc" },
      limit: 50,
    });
    expect(list.rows.length).toBe(list.total);
    return list.rows.map((r) => r.externalId);
  };
  const dynamic = async (name: string, r: TCohortRule) =>
    (await createCohortFromRule(t.db, owner, { name, kind: "dynamic", rule: r })).id;

  beforeAll(async () => {
    t = await openTestDatabase(engine.target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, FIXTURE);
    await assignTestPersonas(t.db, {
      a: { age: 20, tier: "gold" },
      b: { tier: "silver" },
      c: { member: true, tier: "gold" },
    });
    const user = await createUser(
      t.db,
      { id: null, email: "cli" },
      {
        email: "manager@example.com",
        name: "Manager",
        role: "manager",
        passwordHash: "not-a-real-hash",
      },
    );
    owner = { id: user.id, role: "manager" };
  });
  afterAll(() => t.cleanup());

  it("each condition of a dynamic cohort selects the customers counted by hand", async () => {
    expect(
      await members(await dynamic("purchase", rule({ kind: "reachedStage", stage: "purchase" }))),
    ).toEqual(["a", "c"]);
    expect(
      await members(await dynamic("web", rule({ kind: "touched", touchpoint: "website" }))),
    ).toEqual(["a", "b", "c", "d"]);
    expect(
      await members(
        await dynamic("web ≤ 2", rule({ kind: "touched", touchpoint: "website", maxRating: 2 })),
      ),
    ).toEqual(["c", "d"]);
    expect(await members(await dynamic("gone", rule({ kind: "notReturned", days: 60 })))).toEqual([
      "a",
      "b",
      "c",
      "f",
    ]);
    expect(
      await members(
        await dynamic("gold", rule({ kind: "attribute", attribute: "tier", value: "gold" })),
      ),
    ).toEqual(["a", "c"]);
    expect(
      await members(await dynamic("20", rule({ kind: "attribute", attribute: "age", value: 20 }))),
    ).toEqual(["a"]);
    expect(
      await members(await dynamic("young", rule({ kind: "persona", persona: "young" }))),
    ).toEqual(["a"]);
    expect(
      await members(await dynamic("none", rule({ kind: "persona", persona: "unassigned" }))),
    ).toEqual(["b", "d", "f"]);
  });

  it("conditions are ANDed: reached purchase and rated the website ≤ 2 = c", async () => {
    const id = await dynamic(
      "and",
      rule(
        { kind: "reachedStage", stage: "purchase" },
        { kind: "touched", touchpoint: "website", maxRating: 2 },
      ),
    );
    expect(await members(id)).toEqual(["c"]);
  });

  it("a dynamic cohort follows the query's period: over [1 d, 10 d) nobody reached purchase", async () => {
    const id = await dynamic("purchase again", rule({ kind: "reachedStage", stage: "purchase" }));
    expect(await members(id, { from: date(DAY), to: date(10 * DAY) })).toEqual([]);
  });

  it("a metric filtered by a cohort: the KPIs of reached-purchase (a, c) are 2 active, 2 converted, revenue 70", async () => {
    const id = await dynamic("kpis", rule({ kind: "reachedStage", stage: "purchase" }));
    const kpis = await getKpis(t.db, { filter: { ...period, cohort: id } });
    expect(kpis.current.activeCustomers).toBe(2);
    expect(kpis.current.convertedCustomers).toBe(2);
    expect(kpis.current.revenue).toBe(70);
    expect(kpis.current.events).toBe(5);
  });

  it("a static cohort keeps its members as of saving; a dynamic one follows new events", async () => {
    const purchase = rule({ kind: "reachedStage", stage: "purchase" });
    const fixed = await createCohortFromRule(t.db, owner, {
      name: "buyers then",
      kind: "static",
      rule: purchase,
      period,
    });
    expect(fixed.members).toBe(2);
    const live = await dynamic("buyers now", purchase);
    const fromList = await createStaticCohort(t.db, owner, {
      name: "list",
      externalIds: ["b", "d", "zz"],
    });
    expect(fromList.members).toBe(2);
    await insertEvents(t.db, [
      {
        id: "b3",
        customer: "b",
        touchpoint: "checkout",
        t: 5 * DAY,
        type: "purchase",
        revenue: "9.00",
      },
    ]);
    await on.sync();
    expect(await members(fixed.id)).toEqual(["a", "c"]);
    expect(await members(live)).toEqual(["a", "b", "c"]);
    expect(await members(fromList.id)).toEqual(["b", "d"]);
    expect(
      (await getKpis(t.db, { filter: { ...period, cohort: live } })).current.activeCustomers,
    ).toBe(3);
  });

  it("a saved view's cohort filters its journey map: cohort a, c: discovery a, consideration and purchase a, c", async () => {
    const { id } = await createStaticCohort(t.db, owner, { name: "view", externalIds: ["a", "c"] });
    const view: SavedView = {
      id: 1,
      name: "Buyers' journey",
      description: "",
      ownerId: owner.id,
      ownerEmail: "manager@example.com",
      visibility: "team",
      period: { kind: "fixed", from: "2021-01-04", to: "2021-01-13" },
      filters: { personas: [], channels: [], cohort: id },
      steps: [],
      windowSeconds: 2 * DAY,
      createdAt: date(0),
      updatedAt: date(0),
    };
    const reach = async (v: SavedView) =>
      Object.fromEntries(
        (await getViewJourney(t.db, { view: v })).map.stages.map((s) => [s.key, s.customers]),
      );
    expect(await reach(view)).toMatchObject({ discovery: 1, consideration: 2, purchase: 2 });
    // Without it (the view's fixed period ends on 2021-01-13, excluded: f's ads fall on it):
    // discovery a, b; consideration a, b, c, d.
    expect(await reach({ ...view, filters: { personas: [], channels: [] } })).toMatchObject({
      discovery: 2,
      consideration: 4,
    });
  });

  it("an unknown cohort is a not-found naming it", async () => {
    await expect(getKpis(t.db, { filter: { ...period, cohort: 9999 } })).rejects.toThrow(
      "unknown cohort: 9999",
    );
    await expect(getKpis(t.db, { filter: { ...period, cohort: 9999 } })).rejects.toBeInstanceOf(
      DomainError,
    );
  });

  it("counts a rule in PostgreSQL, renames, deletes; another manager may not", async () => {
    expect(
      await countRuleCustomers(
        t.db,
        rule({ kind: "attribute", attribute: "tier", value: "gold" }),
        period,
      ),
    ).toBe(2);
    expect(
      await countRuleCustomers(t.db, rule({ kind: "persona", persona: "unassigned" }), period),
    ).toBe(4);
    const id = await dynamic("to rename", rule({ kind: "notReturned", days: 60 }));
    expect((await renameCohort(t.db, owner, id, "renamed")).name).toBe("renamed");
    await expect(deleteCohort(t.db, { id: owner.id + 100, role: "manager" }, id)).rejects.toThrow(
      `only the owner of cohort ${id} or an admin can change it`,
    );
    await deleteCohort(t.db, { id: owner.id + 100, role: "admin" }, id);
    expect((await listCohorts(t.db)).some((c) => c.id === id)).toBe(false);
  });
});
