import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import {
  assignPersonas,
  listAudit,
  listCustomerAttributes,
  listPersonasForAdmin,
  previewPersonaRules,
  savePersona,
  setPersonaArchived,
  upsertCustomers,
} from "../src/queries";
import { openTestDatabase, seedTestCatalogue, TEST_TARGETS, type TestDatabase } from "./helpers";

const admin = { id: null, email: "admin@example.com" };
const seniors = {
  name: "Séniors connectés",
  description: "Retired, online daily",
  goals: ["Simple checkout"],
  needs: [],
  painPoints: ["Small print"],
  colour: "#aa3300",
  priority: 5,
  rules: {
    match: "all" as const,
    conditions: [{ attribute: "age", operator: "gte" as const, value: 60 }],
  },
};

describe.each(TEST_TARGETS)("persona editor on %s", (target) => {
  let t: TestDatabase;
  const personaOf = async (id: string) => {
    const [row] = await queryRows<{ key: string | null }>(
      t.db,
      sql`SELECT p.key FROM customers c LEFT JOIN personas p ON p.id = c.persona_id WHERE c.external_id = ${id}`,
    );
    return row?.key ?? null;
  };

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    // young: age < 30 (priority 1); loyal: member (priority 2).
    await upsertCustomers(t.db, [
      { externalId: "a", attributes: { age: 25 } },
      { externalId: "b", attributes: { age: 65, member: true } },
      { externalId: "c", attributes: { age: 70 } },
      { externalId: "d", attributes: { age: 61 } },
      { externalId: "e", attributes: { city: "Lyon" } },
    ]);
    // d is pinned by hand to "young".
    await queryRows(
      t.db,
      sql`UPDATE customers SET persona_manual = true, persona_id = (SELECT id FROM personas WHERE key = 'young') WHERE external_id = 'd'`,
    );
    await assignPersonas(t.db);
  });
  afterAll(() => t.cleanup());

  it("previews 3 matching (b, c, d aged 60+); priority 5 after loyal (2) takes c only: b is loyal's, d pinned", async () => {
    expect(await previewPersonaRules(t.db, { rules: seniors.rules, priority: 5 })).toEqual({
      matching: 3,
      wouldBeAssigned: 1,
      total: 5,
    });
    // Tried first (priority 0), it would also take b from loyal; d stays pinned.
    expect(await previewPersonaRules(t.db, { rules: seniors.rules, priority: 0 })).toMatchObject({
      wouldBeAssigned: 2,
    });
  });

  it("saving creates a key from the name, reassigns customers as previewed, keeps the pin, and logs it", async () => {
    const saved = await savePersona(t.db, admin, { persona: seniors });
    expect(saved).toEqual({ key: "seniors_connectes", reassigned: 1 });
    expect(await Promise.all(["a", "b", "c", "d", "e"].map(personaOf))).toEqual([
      "young",
      "loyal",
      "seniors_connectes",
      "young",
      null,
    ]);
    const again = await savePersona(t.db, admin, {
      persona: { ...seniors, name: "Séniors connectés" },
    });
    expect(again.key).toBe("seniors_connectes_2");
    const { rows } = await listAudit(t.db, { entityType: "persona" });
    expect(rows.map((r) => r.action)).toEqual(["persona.create", "persona.create"]);
    expect(rows[1]?.after).toMatchObject({
      name: "Séniors connectés",
      priority: 5,
      archived: false,
    });
  });

  it("raising the priority to 0 moves b from loyal, with the change logged before/after", async () => {
    const result = await savePersona(t.db, admin, {
      key: "seniors_connectes",
      persona: { ...seniors, priority: 0 },
    });
    expect(result.reassigned).toBe(1);
    expect(await personaOf("b")).toBe("seniors_connectes");
    const { rows } = await listAudit(t.db, { entityType: "persona", search: "persona.update" });
    expect(rows[0]).toMatchObject({ before: { priority: 5 }, after: { priority: 0 } });
  });

  it("archiving hands its customers to the next matching persona; restoring takes them back", async () => {
    await setPersonaArchived(t.db, admin, "seniors_connectes", true);
    // b back to loyal; c to the duplicate (priority 5).
    expect([await personaOf("b"), await personaOf("c")]).toEqual(["loyal", "seniors_connectes_2"]);
    const listed = await listPersonasForAdmin(t.db);
    expect(listed.find((p) => p.key === "seniors_connectes")).toMatchObject({
      archived: true,
      customers: 0,
    });
    await setPersonaArchived(t.db, admin, "seniors_connectes", false);
    expect(await personaOf("b")).toBe("seniors_connectes");
  });

  it("unknown keys are not found", async () => {
    await expect(setPersonaArchived(t.db, admin, "ghost", true)).rejects.toThrow(
      "no persona with the key ghost",
    );
  });

  it("lists the attributes seen on customers with examples", async () => {
    expect(await listCustomerAttributes(t.db)).toEqual([
      { attribute: "age", examples: ["25", "61", "65", "70"] },
      { attribute: "city", examples: ["Lyon"] },
      { attribute: "member", examples: ["true"] },
    ]);
  });
});
