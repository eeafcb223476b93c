import { upsertCustomers } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerAs, createTestUsers, refusal } from "./procedures";

// Issue 20, item 8: "age is more than banana" matched nobody and could be saved. A value is
// checked against the JSON types customers carry for its attribute.

describe.each(TEST_TARGETS)("persona rule values against attribute types on %s", (target) => {
  let t: TestDatabase;
  let admin: Caller;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    admin = await callerAs(t.db, (await createTestUsers(t.db)).admin);
    await upsertCustomers(t.db, [
      { externalId: "a", attributes: { age: 64, member: true, city: "Lyon", zip: "01000" } },
      { externalId: "b", attributes: { age: 19, member: false, city: "Paris", zip: "75001" } },
    ]);
  });
  afterAll(() => t.cleanup());

  it("refuses a text value compared with a number-only attribute, naming the condition and value", async () => {
    const rules = {
      match: "all" as const,
      conditions: [{ attribute: "age", operator: "gt" as const, value: "banana" }],
    };
    const expected = [
      "BAD_REQUEST",
      'condition 1 (age): age holds numbers, and "banana" is not a number, so it would match nobody',
    ];
    expect(
      await refusal(
        admin.admin.personas.create({ name: "Banana", colour: "#aa3300", priority: 5, rules }),
      ),
    ).toEqual(expected);
    expect(
      await refusal(admin.admin.personas.preview({ name: "Banana", priority: 5, rules })),
    ).toEqual(expected);
    expect((await admin.admin.personas.list()).map((p) => p.name)).not.toContain("Banana");
  });

  it("refuses true/false compared by order or with another value, and lists every problem", async () => {
    const [code, message] = await refusal(
      admin.admin.personas.preview({
        name: "Banana",
        priority: 5,
        rules: {
          match: "any",
          conditions: [
            { attribute: "member", operator: "gte", value: 1 },
            { attribute: "member", operator: "eq", value: "yes" },
            { attribute: "age", operator: "in", value: [18, "twenty"] },
          ],
        },
      }),
    );
    expect(code).toBe("BAD_REQUEST");
    expect(message).toBe(
      [
        "condition 1 (member): member holds true or false, which cannot be more or less than a value",
        'condition 2 (member): member holds true or false, and "yes" is neither, so it would match nobody',
        'condition 3 (age): age holds numbers, and "twenty" is not a number, so it would match nobody',
      ].join("; "),
    );
  });

  it("accepts values of the attribute's type, text attributes, and attributes not seen yet", async () => {
    const preview = await admin.admin.personas.preview({
      name: "Banana",
      priority: 5,
      rules: {
        match: "all",
        conditions: [
          { attribute: "age", operator: "gt", value: 30 },
          { attribute: "member", operator: "eq", value: true },
          { attribute: "city", operator: "eq", value: "Lyon" },
          { attribute: "zip", operator: "in", value: ["01000", 75001] },
          { attribute: "not_seen_yet", operator: "exists" },
        ],
      },
    });
    expect(preview.matching).toBe(0);
    const adults = await admin.admin.personas.preview({
      name: "Banana",
      priority: 5,
      rules: { match: "all", conditions: [{ attribute: "age", operator: "gt", value: 30 }] },
    });
    expect(adults.matching).toBe(1);
    const saved = await admin.admin.personas.create({
      name: "Adults",
      colour: "#aa3300",
      priority: 5,
      rules: { match: "all", conditions: [{ attribute: "age", operator: "gt", value: 30 }] },
    });
    expect(saved.persona.key).toBe("adults");
  });
});
