import { getPersonaSuggestions } from "@parcours/db/metrics";
import { upsertCustomers } from "@parcours/db/queries";
import {
  DAY,
  date,
  type FixtureEvent,
  HOUR,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, createTestUsers, refusal, type TestUsers } from "./procedures";

const filter = { from: date(0), to: date(10 * DAY) };

/**
 * Two obvious groups: 12 app browsers on mobile who never buy, 8 store buyers on desktop who
 * reach purchase and spend.
 */
const APP = Array.from({ length: 12 }, (_, i) => `app-${i}`);
const STORE = Array.from({ length: 8 }, (_, i) => `store-${i}`);
const EVENTS: FixtureEvent[] = [
  ...APP.map((c, i) => ({ id: `${c}-1`, customer: c, touchpoint: "app", t: i * HOUR })),
  ...STORE.flatMap((c, i): FixtureEvent[] => [
    { id: `${c}-1`, customer: c, touchpoint: "store", t: DAY + i * HOUR, satisfaction: 4 },
    {
      id: `${c}-2`,
      customer: c,
      touchpoint: "till",
      t: DAY + i * HOUR + 600,
      type: "purchase",
      revenue: "150.00",
      satisfaction: 5,
    },
  ]),
];

describe.each(TEST_TARGETS)("personas.suggest on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    await insertEvents(t.db, EVENTS);
    await upsertCustomers(t.db, [
      ...APP.map((externalId) => ({ externalId, attributes: { device: "mobile" } })),
      ...STORE.map((externalId) => ({ externalId, attributes: { device: "desktop" } })),
    ]);
  });
  afterAll(() => t.cleanup());

  it("a manager gets what the metric answers: two suggestions of 12 and 8, each told apart by its device with precision and coverage 1", async () => {
    const manager = await callerAs(t.db, users.manager);
    const answer = await manager.personas.suggest({ filter, k: 2 });
    expect(answer).toEqual(await getPersonaSuggestions(t.db, { filter, k: 2 }));
    expect(answer.totalCustomers).toBe(20);
    const [first, second] = answer.suggestions;
    expect(first).toMatchObject({
      customers: 12,
      rules: {
        match: "all",
        conditions: [{ attribute: "device", operator: "eq", value: "mobile" }],
      },
      ruleQuality: { matched: 12, precision: 1, coverage: 1 },
    });
    expect(second).toMatchObject({
      customers: 8,
      rules: {
        match: "all",
        conditions: [{ attribute: "device", operator: "eq", value: "desktop" }],
      },
      ruleQuality: { matched: 8, precision: 1, coverage: 1 },
    });
    expect(second?.funnel.find((s) => s.stage === "purchase")?.reached).toBe(8);
  });

  it("a viewer may not see suggestions: FORBIDDEN", async () => {
    const viewer = await callerAs(t.db, users.viewer);
    expect((await refusal(viewer.personas.suggest({ filter })))[0]).toBe("FORBIDDEN");
  });

  it("bounded inputs: k 9, a sample of 10 and a negative seed are refused, naming the field", async () => {
    const manager = await callerAs(t.db, users.manager);
    const [code, message] = await refusal(manager.personas.suggest({ filter, k: 9 }));
    expect(code).toBe("BAD_REQUEST");
    expect(message).toContain("k");
    expect(message).toContain("from 2 to 8");
    expect(await refusal(manager.personas.suggest({ filter, sampleSize: 10 }))).toEqual([
      "BAD_REQUEST",
      expect.stringContaining("sampleSize"),
    ]);
    expect(await refusal(manager.personas.suggest({ filter, seed: -1 }))).toEqual([
      "BAD_REQUEST",
      expect.stringContaining("seed"),
    ]);
  });

  it("only an admin turns a suggestion into a persona; its rules then match the suggestion's customers", async () => {
    const manager = await callerAs(t.db, users.manager);
    const admin = await callerAs(t.db, users.admin);
    const [, stores] = (await admin.personas.suggest({ filter, k: 2 })).suggestions;
    if (!stores) throw new Error("no second suggestion");
    const persona = { name: "Store buyers", colour: "#aa3300", priority: 5, rules: stores.rules };
    expect((await refusal(manager.admin.personas.create(persona)))[0]).toBe("FORBIDDEN");
    const preview = await admin.admin.personas.preview({
      name: persona.name,
      priority: persona.priority,
      rules: persona.rules,
    });
    expect(preview.matching).toBe(stores.ruleQuality?.matched);
    const created = await admin.admin.personas.create(persona);
    expect(created.reassigned).toBe(8);
  });
});
