import { upsertCustomers } from "@parcours/db/queries";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DAY,
  date,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "../../db/test/helpers";
import { type Caller, callerAs, createTestUsers } from "./procedures";

const rules = {
  match: "all" as const,
  conditions: [{ attribute: "age", operator: "gte" as const, value: 60 }],
};

describe.each(TEST_TARGETS)("admin personas on %s", (target) => {
  let t: TestDatabase;
  let admin: Caller;
  let adminUser: Awaited<ReturnType<typeof createTestUsers>>["admin"];

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    adminUser = (await createTestUsers(t.db)).admin;
    admin = await callerAs(t.db, adminUser);
    await insertEvents(t.db, [
      { id: "p1", customer: "old-1", touchpoint: "ads", t: 0 },
      { id: "p2", customer: "old-2", touchpoint: "ads", t: DAY },
      { id: "p3", customer: "kid", touchpoint: "ads", t: DAY },
    ]);
    await upsertCustomers(t.db, [
      { externalId: "old-1", attributes: { age: 64 } },
      { externalId: "old-2", attributes: { age: 71 } },
      { externalId: "kid", attributes: { age: 19 } },
    ]);
  });
  afterAll(() => t.cleanup());

  it("the preview counts before saving; after saving the persona breakdown shows the persona at once", async () => {
    expect(await admin.admin.personas.preview({ priority: 5, rules })).toEqual({
      matching: 2,
      wouldBeAssigned: 2,
      total: 3,
    });
    const filter = { from: date(0), to: date(10 * DAY) };
    const before = await admin.dashboard.personas({ filter });
    expect(before.personas.find((p) => p.persona === "seniors")).toBeUndefined();
    const saved = await admin.admin.personas.save({
      persona: { name: "Seniors", colour: "#aa3300", priority: 5, rules },
    });
    expect(saved).toEqual({ key: "seniors", reassigned: 2 });
    // A new request (as the app makes one per HTTP request): the catalogue is read per request.
    const after = await (await callerAs(t.db, adminUser)).dashboard.personas({ filter });
    expect(after.personas.find((p) => p.persona === "seniors")?.activeCustomers).toBe(2);
  });

  it("bad input is a BAD_REQUEST naming the field; an unknown key is NOT_FOUND", async () => {
    let error: unknown;
    try {
      await admin.admin.personas.save({
        persona: { name: "", colour: "red", priority: 5, rules },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/persona\.name: a persona needs a name/);
    expect((error as TRPCError).message).toMatch(/persona\.colour: must be a colour/);
    await expect(
      admin.admin.personas.setArchived({ key: "ghost", archived: true }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
