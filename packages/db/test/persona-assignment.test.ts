import type { TPersonaRules } from "@parcours/validators";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignPersonas, countPersonaRuleMatches } from "../src/queries";
import { customers, personas } from "../src/schema";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "./helpers";

const PEOPLE: Record<string, Record<string, unknown>> = {
  ana: { age: 24, device: "mobile", city: "Lyon", tags: ["vip", "newsletter"] },
  ben: { age: "41", device: "desktop", city: "Paris", member: true },
  cleo: { age: 67, city: "Saint-Étienne" },
  dan: {},
  eve: { age: 30, device: "mobile", member: false },
};

const rules = (
  match: "all" | "any",
  ...conditions: TPersonaRules["conditions"]
): TPersonaRules => ({
  match,
  conditions,
});

describe.each(TEST_TARGETS)("persona rules on %s", (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await t.db
      .insert(customers)
      .values(
        Object.entries(PEOPLE).map(([externalId, attributes]) => ({ externalId, attributes })),
      );
  });
  afterAll(() => t.cleanup());

  it.each([
    ["eq string", rules("all", { attribute: "device", operator: "eq", value: "mobile" }), 2],
    ["eq boolean", rules("all", { attribute: "member", operator: "eq", value: true }), 1],
    [
      "neq (absent counts as different)",
      rules("all", { attribute: "device", operator: "neq", value: "mobile" }),
      3,
    ],
    [
      "lt number, numeric strings too",
      rules("all", { attribute: "age", operator: "lt", value: 42 }),
      3,
    ],
    ["gte", rules("all", { attribute: "age", operator: "gte", value: 41 }), 2],
    [
      "gt / lte range (all)",
      rules(
        "all",
        { attribute: "age", operator: "gt", value: 24 },
        { attribute: "age", operator: "lte", value: 41 },
      ),
      2,
    ],
    ["in", rules("all", { attribute: "city", operator: "in", value: ["Paris", "Lyon"] }), 2],
    [
      "contains in text, case-insensitive",
      rules("all", { attribute: "city", operator: "contains", value: "étienne" }),
      1,
    ],
    [
      "contains in an array",
      rules("all", { attribute: "tags", operator: "contains", value: "vip" }),
      1,
    ],
    ["exists", rules("all", { attribute: "member", operator: "exists" }), 2],
    [
      "any of two",
      rules(
        "any",
        { attribute: "member", operator: "eq", value: true },
        { attribute: "age", operator: "gt", value: 60 },
      ),
      2,
    ],
    ["no conditions match nobody", rules("all"), 0],
  ])("%s matches %i", async (_name, r, expected) => {
    expect(await countPersonaRuleMatches(t.db, r)).toBe(expected);
  });

  it("assigns the first matching persona by priority, keeps manual choices, ignores archived personas", async () => {
    await t.db.insert(personas).values([
      {
        key: "mobile",
        name: "Mobile",
        colour: "#111111",
        priority: 1,
        rules: rules("all", { attribute: "device", operator: "eq", value: "mobile" }),
      },
      {
        key: "young",
        name: "Young",
        colour: "#222222",
        priority: 2,
        rules: rules("all", { attribute: "age", operator: "lt", value: 35 }),
      },
      {
        key: "member",
        name: "Member",
        colour: "#333333",
        priority: 3,
        rules: rules("all", { attribute: "member", operator: "eq", value: true }),
      },
      {
        key: "old",
        name: "Old",
        colour: "#444444",
        priority: 0,
        archivedAt: new Date(),
        rules: rules("all", { attribute: "age", operator: "gt", value: 0 }),
      },
    ]);
    const [member] = await t.db.select().from(personas).where(eq(personas.key, "member"));
    // dan was put in "member" by hand although no rule matches him.
    await t.db
      .update(customers)
      .set({ personaId: member?.id ?? null, personaManual: true })
      .where(eq(customers.externalId, "dan"));

    expect(await assignPersonas(t.db)).toBe(3);
    const rows = await t.db
      .select({ id: customers.externalId, persona: personas.key })
      .from(customers)
      .leftJoin(personas, eq(personas.id, customers.personaId))
      .orderBy(asc(customers.externalId));
    expect(rows).toEqual([
      { id: "ana", persona: "mobile" },
      { id: "ben", persona: "member" },
      { id: "cleo", persona: null },
      { id: "dan", persona: "member" },
      { id: "eve", persona: "mobile" },
    ]);
    // Nothing changed, nothing to update the second time.
    expect(await assignPersonas(t.db)).toBe(0);
  });
});
