import type { TPersonaCondition, TPersonaRules } from "@parcours/validators";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignPersonas, countPersonaRuleMatches } from "../src/queries";
import { customers, personas } from "../src/schema";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "./helpers";

/** ben's age and fay's score are numeric strings; fay's age is a string that is no number. */
const PEOPLE: Record<string, Record<string, unknown>> = {
  ana: { age: 24, device: "mobile", city: "Lyon", tags: ["vip", "newsletter"] },
  ben: { age: "41", device: "desktop", city: "Paris", member: true },
  cleo: { age: 67, city: "Saint-Étienne" },
  dan: {},
  eve: { age: 30, device: "mobile", member: false },
  fay: { age: "unknown", device: "Mobile", score: "7.5" },
};

const rules = (match: "all" | "any", ...conditions: TPersonaCondition[]): TPersonaRules => ({
  match,
  conditions,
});
const all = (...conditions: TPersonaCondition[]) => rules("all", ...conditions);
const any = (...conditions: TPersonaCondition[]) => rules("any", ...conditions);

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

  describe("countPersonaRuleMatches", () => {
    it.each([
      [
        "eq string: device = mobile → ana, eve (fay's 'Mobile' differs)",
        all({ attribute: "device", operator: "eq", value: "mobile" }),
        2,
      ],
      ["eq true: member → ben", all({ attribute: "member", operator: "eq", value: true }), 1],
      ["eq false: member → eve", all({ attribute: "member", operator: "eq", value: false }), 1],
      ["eq number: age = 41 → ben's '41'", all({ attribute: "age", operator: "eq", value: 41 }), 1],
      [
        "neq string: device ≠ mobile → ben, cleo, dan (absent), fay = 4",
        all({ attribute: "device", operator: "neq", value: "mobile" }),
        4,
      ],
      [
        "neq number: age ≠ 30 → 6 − eve = 5 (absent and non-numeric differ)",
        all({ attribute: "age", operator: "neq", value: 30 }),
        5,
      ],
      ["gt: age > 30 → ben '41', cleo 67", all({ attribute: "age", operator: "gt", value: 30 }), 2],
      ["gte: age ≥ 30 → ben, cleo, eve", all({ attribute: "age", operator: "gte", value: 30 }), 3],
      ["lt: age < 30 → ana", all({ attribute: "age", operator: "lt", value: 30 }), 1],
      [
        "lt: age < 42 → ana 24, ben '41', eve 30",
        all({ attribute: "age", operator: "lt", value: 42 }),
        3,
      ],
      ["lte: age ≤ 30 → ana, eve", all({ attribute: "age", operator: "lte", value: 30 }), 2],
      [
        "gt with a decimal string: score '7.5' > 7 → fay",
        all({ attribute: "score", operator: "gt", value: 7 }),
        1,
      ],
      [
        "a string that is no number never compares: age > −1000 → 6 − dan − fay = 4",
        all({ attribute: "age", operator: "gt", value: -1000 }),
        4,
      ],
      [
        "in strings: city in (Paris, Lyon) → ana, ben",
        all({ attribute: "city", operator: "in", value: ["Paris", "Lyon"] }),
        2,
      ],
      [
        "in numbers: age in (24, 67) → ana, cleo",
        all({ attribute: "age", operator: "in", value: [24, 67] }),
        2,
      ],
      [
        "contains text, case-insensitive: city ∋ 'étienne' → cleo",
        all({ attribute: "city", operator: "contains", value: "étienne" }),
        1,
      ],
      [
        "contains in an array: tags ∋ vip → ana",
        all({ attribute: "tags", operator: "contains", value: "vip" }),
        1,
      ],
      [
        "exists: member → ben, eve (false still exists)",
        all({ attribute: "member", operator: "exists" }),
        2,
      ],
      ["exists: age → everyone but dan = 5", all({ attribute: "age", operator: "exists" }), 5],
      [
        "all: 24 < age ≤ 41 → ben, eve",
        all(
          { attribute: "age", operator: "gt", value: 24 },
          { attribute: "age", operator: "lte", value: 41 },
        ),
        2,
      ],
      [
        "any: member or age > 60 → ben, cleo",
        any(
          { attribute: "member", operator: "eq", value: true },
          { attribute: "age", operator: "gt", value: 60 },
        ),
        2,
      ],
      [
        "all of the same two: nobody",
        all(
          { attribute: "member", operator: "eq", value: true },
          { attribute: "age", operator: "gt", value: 60 },
        ),
        0,
      ],
      ["no conditions match nobody (all)", all(), 0],
      ["no conditions match nobody (any)", any(), 0],
    ])("%s: %i", async (_name, r, expected) => {
      expect(await countPersonaRuleMatches(t.db, r)).toBe(expected);
    });
  });

  describe("assignPersonas", () => {
    const assigned = async () => {
      const rows = await t.db
        .select({ id: customers.externalId, persona: personas.key })
        .from(customers)
        .leftJoin(personas, eq(personas.id, customers.personaId))
        .orderBy(asc(customers.externalId));
      return Object.fromEntries(rows.map((r) => [r.id, r.persona]));
    };
    const personaId = async (key: string) => {
      const [row] = await t.db.select().from(personas).where(eq(personas.key, key));
      if (!row) throw new Error(`no persona ${key}`);
      return row.id;
    };
    const customerId = async (externalId: string) => {
      const [row] = await t.db.select().from(customers).where(eq(customers.externalId, externalId));
      if (!row) throw new Error(`no customer ${externalId}`);
      return row.id;
    };

    beforeAll(async () => {
      await t.db.insert(personas).values([
        {
          key: "mobile",
          name: "Mobile",
          colour: "#111111",
          priority: 1,
          rules: all({ attribute: "device", operator: "eq", value: "mobile" }),
        },
        {
          key: "young",
          name: "Young",
          colour: "#222222",
          priority: 2,
          rules: all({ attribute: "age", operator: "lt", value: 35 }),
        },
        {
          key: "member",
          name: "Member",
          colour: "#333333",
          priority: 3,
          rules: all({ attribute: "member", operator: "eq", value: true }),
        },
        {
          key: "elder",
          name: "Elder",
          colour: "#555555",
          priority: 4,
          rules: any(
            { attribute: "age", operator: "gte", value: 60 },
            { attribute: "city", operator: "contains", value: "étienne" },
          ),
        },
        // Archived, and first by priority: it would take everyone with an age.
        {
          key: "old",
          name: "Old",
          colour: "#444444",
          priority: 0,
          archivedAt: new Date(),
          rules: all({ attribute: "age", operator: "exists" }),
        },
      ]);
      // dan was put in "member" by hand although no rule matches him.
      await t.db
        .update(customers)
        .set({ personaId: await personaId("member"), personaManual: true })
        .where(eq(customers.externalId, "dan"));
    });

    it("first match by priority, archived ignored, manual kept: ana mobile (also young), ben member, cleo elder, dan member (manual), eve mobile, fay none → 4 rows changed", async () => {
      expect(await assignPersonas(t.db)).toBe(4);
      expect(await assigned()).toEqual({
        ana: "mobile",
        ben: "member",
        cleo: "elder",
        dan: "member",
        eve: "mobile",
        fay: null,
      });
    });

    it("running again changes nothing: 0 rows", async () => {
      expect(await assignPersonas(t.db)).toBe(0);
    });

    it("a manual choice survives a rule that matches another persona: ana pinned to member stays member, 0 rows", async () => {
      await t.db
        .update(customers)
        .set({ personaId: await personaId("member"), personaManual: true })
        .where(eq(customers.externalId, "ana"));
      expect(await assignPersonas(t.db)).toBe(0);
      expect((await assigned()).ana).toBe("member");
    });

    it("new attributes move a customer: eve on desktop falls through to young (age 30 < 35), 1 row", async () => {
      await t.db
        .update(customers)
        .set({ attributes: { age: 30, device: "desktop", member: false } })
        .where(eq(customers.externalId, "eve"));
      expect(await assignPersonas(t.db)).toBe(1);
      expect((await assigned()).eve).toBe("young");
    });

    it("customerIds limits the pass: fay aged 20 is left alone for [ben] (0 rows) and moved for [fay] (1 row); [] does nothing", async () => {
      await t.db
        .update(customers)
        .set({ attributes: { age: 20 } })
        .where(eq(customers.externalId, "fay"));
      expect(await assignPersonas(t.db, { customerIds: [] })).toBe(0);
      expect(await assignPersonas(t.db, { customerIds: [await customerId("ben")] })).toBe(0);
      expect((await assigned()).fay).toBeNull();
      expect(await assignPersonas(t.db, { customerIds: [await customerId("fay")] })).toBe(1);
      expect((await assigned()).fay).toBe("young");
    });

    it("a customer no rule matches any more loses the persona: cleo without age or city → none, 1 row", async () => {
      await t.db.update(customers).set({ attributes: {} }).where(eq(customers.externalId, "cleo"));
      expect(await assignPersonas(t.db)).toBe(1);
      expect((await assigned()).cleo).toBeNull();
    });
  });
});
