import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import {
  archivePersona,
  createPersona,
  getPersonaForAdmin,
  listAudit,
  listCustomerAttributes,
  listPersonasForAdmin,
  previewPersonaRules,
  restorePersona,
  updatePersona,
  upsertCustomers,
} from "../src/queries";
import { openTestDatabase, seedTestCatalogue, TEST_TARGETS, type TestDatabase } from "./helpers";

const admin = { id: null, email: "admin@example.com" };
const sixtyPlus = {
  match: "all" as const,
  conditions: [{ attribute: "age", operator: "gte" as const, value: 60 }],
};
const seniors = {
  name: "Séniors connectés",
  description: "Retired, online daily",
  goals: ["Simple checkout"],
  needs: [],
  painPoints: ["Small print"],
  colour: "#aa3300",
  priority: 5,
  rules: sixtyPlus,
};
const CUSTOMERS = ["a", "b", "c", "d", "e", "f"];

/*
 * Seeded personas: young (priority 1, age < 30) and loyal (priority 2, member = true).
 *   a  age 25                → young
 *   b  age 65, member        → loyal
 *   c  age 70                → none
 *   d  age 61, pinned by hand to young
 *   e  city Lyon (no age)    → none
 *   f  age 22, member        → young (tried before loyal)
 */
describe.each(TEST_TARGETS)("persona editor on %s", (target) => {
  let t: TestDatabase;
  const personaOf = async (id: string) => {
    const [row] = await queryRows<{ key: string | null }>(
      t.db,
      sql`SELECT p.key FROM customers c LEFT JOIN personas p ON p.id = c.persona_id WHERE c.external_id = ${id}`,
    );
    return row?.key ?? null;
  };
  const assignments = () => Promise.all(CUSTOMERS.map(personaOf));
  const pin = (customer: string, persona: string) =>
    queryRows(
      t.db,
      sql`UPDATE customers SET persona_manual = true,
            persona_id = (SELECT id FROM personas WHERE key = ${persona})
          WHERE external_id = ${customer}`,
    );
  const personaAudit = async () =>
    (await listAudit(t.db, { entityType: "persona", limit: 100 })).rows.reverse();

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await upsertCustomers(t.db, [
      { externalId: "a", attributes: { age: 25 } },
      { externalId: "b", attributes: { age: 65, member: true } },
      { externalId: "c", attributes: { age: 70 } },
      { externalId: "d", attributes: { age: 61 } },
      {
        externalId: "e",
        attributes: { city: "Lyon", address: { zip: "69001" }, "first-name": "E" },
      },
      { externalId: "f", attributes: { age: 22, member: true } },
    ]);
    await pin("d", "young");
  });
  afterAll(() => t.cleanup());

  it("lists attributes a rule can name, most frequent values first, with their JSON types", async () => {
    expect(await listCustomerAttributes(t.db)).toEqual([
      { attribute: "address", examples: [], types: ["object"] },
      { attribute: "age", examples: ["22", "25", "61", "65", "70"], types: ["number"] },
      { attribute: "city", examples: ["Lyon"], types: ["string"] },
      { attribute: "member", examples: ["true"], types: ["boolean"] },
    ]);
  });

  it("previews age ≥ 60 at priority 5: 3 match (b c d) = 1 assigned (c) + 1 kept by loyal (b) + 1 pinned (d), of 6", async () => {
    expect(await previewPersonaRules(t.db, { rules: sixtyPlus, priority: 5 })).toEqual({
      matching: 3,
      wouldBeAssigned: 1,
      takenByEarlier: 1,
      pinned: 1,
      total: 6,
      archived: false,
    });
    // Priority 0, tried first: b as well (2); d stays pinned.
    expect(await previewPersonaRules(t.db, { rules: sixtyPlus, priority: 0 })).toMatchObject({
      wouldBeAssigned: 2,
      takenByEarlier: 0,
    });
  });

  it("previews a tie on priority 2 with loyal by key: 'aardvark' comes first (2), 'zebra' after (1)", async () => {
    const at2 = { rules: sixtyPlus, priority: 2 };
    expect(await previewPersonaRules(t.db, { ...at2, name: "Aardvark" })).toMatchObject({
      wouldBeAssigned: 2,
    });
    expect(await previewPersonaRules(t.db, { ...at2, name: "Zebra" })).toMatchObject({
      wouldBeAssigned: 1,
    });
  });

  it("creates with a key from the name and reassigns as previewed: c only, d keeps its pin", async () => {
    const result = await createPersona(t.db, admin, seniors);
    expect(result).toMatchObject({
      reassigned: 1,
      unpinned: 0,
      persona: { key: "seniors_connectes", customers: 1, pinned: 0, archived: false },
    });
    expect(await assignments()).toEqual([
      "young",
      "loyal",
      "seniors_connectes",
      "young",
      null,
      "young",
    ]);
    const [created] = await personaAudit();
    expect(created).toMatchObject({
      action: "persona.create",
      entityType: "persona",
      entityId: "seniors_connectes",
      actorEmail: "admin@example.com",
      summary: "created the persona Séniors connectés; 1 customer reassigned",
      before: null,
      after: { name: "Séniors connectés", priority: 5, rules: sixtyPlus, archived: false },
    });
  });

  it("refuses a name another persona has (any case); a near name gets the key with _2", async () => {
    await expect(
      createPersona(t.db, admin, { ...seniors, name: "SÉNIORS connectés" }),
    ).rejects.toMatchObject({
      kind: "conflict",
      message: "another persona is already named Séniors connectés",
    });
    await expect(
      updatePersona(t.db, admin, "seniors_connectes", { ...seniors, name: "loyal" }),
    ).rejects.toMatchObject({
      kind: "conflict",
      message: "another persona is already named Loyal",
    });
    // Same rules and priority, tried after the first (key order): assigns nobody.
    const twin = await createPersona(t.db, admin, { ...seniors, name: "Seniors connectes" });
    expect(twin).toMatchObject({ reassigned: 0, persona: { key: "seniors_connectes_2" } });
  });

  it("priority 5 → 0 moves b from loyal (1 reassigned), logged with before and after", async () => {
    const result = await updatePersona(t.db, admin, "seniors_connectes", {
      ...seniors,
      priority: 0,
    });
    expect(result.reassigned).toBe(1);
    expect(await personaOf("b")).toBe("seniors_connectes");
    const updated = (await personaAudit()).at(-1);
    expect(updated).toMatchObject({
      action: "persona.update",
      summary: "edited the persona Séniors connectés; 1 customer reassigned",
      before: { priority: 5 },
      after: { priority: 0 },
    });
  });

  it("saving without a change writes nothing; a new description or name reassigns nobody", async () => {
    const before = (await personaAudit()).length;
    const same = await updatePersona(t.db, admin, "seniors_connectes", {
      ...seniors,
      priority: 0,
    });
    expect(same.reassigned).toBe(0);
    expect(await personaAudit()).toHaveLength(before);
    const renamed = await updatePersona(t.db, admin, "seniors_connectes", {
      ...seniors,
      priority: 0,
      name: "Séniors",
      description: "Retired",
    });
    expect(renamed).toMatchObject({ reassigned: 0, persona: { key: "seniors_connectes" } });
    expect((await personaAudit()).at(-1)).toMatchObject({
      summary: "renamed the persona Séniors connectés to Séniors",
      before: { name: "Séniors connectés", description: "Retired, online daily" },
      after: { name: "Séniors", description: "Retired" },
    });
  });

  it("archiving hands its 2 customers on (b to loyal, c pinned by hand to the twin) and unpins c", async () => {
    await pin("c", "seniors_connectes");
    const result = await archivePersona(t.db, admin, "seniors_connectes");
    expect(result).toMatchObject({
      reassigned: 2,
      unpinned: 1,
      persona: { archived: true, customers: 0 },
    });
    expect(await assignments()).toEqual([
      "young",
      "loyal",
      "seniors_connectes_2",
      "young",
      null,
      "young",
    ]);
    expect((await personaAudit()).at(-1)).toMatchObject({
      action: "persona.archive",
      summary: "archived the persona Séniors; 2 customers reassigned (1 pinned by hand)",
      before: { archived: false },
      after: { archived: true },
    });
    // Archived: listed last, and its preview assigns nobody.
    expect((await listPersonasForAdmin(t.db)).map((p) => [p.key, p.customers])).toEqual([
      ["young", 3],
      ["loyal", 1],
      ["seniors_connectes_2", 1],
      ["seniors_connectes", 0],
    ]);
    expect(
      await previewPersonaRules(t.db, { key: "seniors_connectes", rules: sixtyPlus, priority: 0 }),
    ).toMatchObject({ matching: 3, wouldBeAssigned: 0, archived: true });
    // Again: nothing to do, nothing logged.
    const logged = (await personaAudit()).length;
    expect((await archivePersona(t.db, admin, "seniors_connectes")).reassigned).toBe(0);
    expect(await personaAudit()).toHaveLength(logged);
  });

  it("restoring takes b and c back (priority 0): 2 reassigned", async () => {
    const result = await restorePersona(t.db, admin, "seniors_connectes");
    expect(result).toMatchObject({ reassigned: 2, persona: { archived: false, customers: 2 } });
    expect([await personaOf("b"), await personaOf("c")]).toEqual([
      "seniors_connectes",
      "seniors_connectes",
    ]);
    expect((await personaAudit()).map((r) => r.action)).toEqual([
      "persona.create",
      "persona.create",
      "persona.update",
      "persona.update",
      "persona.archive",
      "persona.restore",
    ]);
  });

  it("admins creating the same name at once: one persona, the others a conflict", async () => {
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() =>
        createPersona(t.db, admin, { ...seniors, name: "Twins", priority: 50 }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect(r.reason).toMatchObject({
        kind: "conflict",
        message: "another persona is already named Twins",
      });
    }
    expect((await listPersonasForAdmin(t.db)).filter((p) => p.name === "Twins")).toHaveLength(1);
  });

  it("never makes the key new (the address of the creation page)", async () => {
    const created = await createPersona(t.db, admin, { ...seniors, name: "New!", priority: 900 });
    expect(created.persona.key).toBe("new_2");
  });

  it("unknown keys are not found", async () => {
    const ghost = { kind: "not_found", message: "no persona with the key ghost" };
    await expect(getPersonaForAdmin(t.db, "ghost")).rejects.toMatchObject(ghost);
    await expect(updatePersona(t.db, admin, "ghost", seniors)).rejects.toMatchObject(ghost);
    await expect(archivePersona(t.db, admin, "ghost")).rejects.toMatchObject(ghost);
    await expect(restorePersona(t.db, admin, "ghost")).rejects.toMatchObject(ghost);
    await expect(
      previewPersonaRules(t.db, { key: "ghost", rules: sixtyPlus, priority: 1 }),
    ).rejects.toMatchObject(ghost);
  });
});
