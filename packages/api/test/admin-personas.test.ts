import { upsertCustomers } from "@parcours/db/queries";
import {
  DAY,
  date,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { type Caller, callerAs, createTestUsers, type TestUsers } from "./procedures";

const sixtyPlus = {
  match: "all" as const,
  conditions: [{ attribute: "age", operator: "gte" as const, value: 60 }],
};
const seniors = { name: "Seniors", colour: "#AA3300", priority: 5, rules: sixtyPlus };
const filter = { from: date(0), to: date(10 * DAY) };

/** The refusal's code and message (the message the page shows as is), and the thrown error. */
async function refusal(promise: Promise<unknown>): Promise<[string, string, TRPCError]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return [error.code, error.message, error];
    throw error;
  }
  throw new Error("the call succeeded");
}

describe.each(TEST_TARGETS)("admin personas on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let admin: Caller;
  /** A new caller per call, as the app makes one per HTTP request. */
  const breakdown = async () =>
    (await (await callerAs(t.db, users.manager)).dashboard.personas({ filter })).personas.map(
      (p) => [p.persona, p.activeCustomers],
    );

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    admin = await callerAs(t.db, users.admin);
    await insertEvents(t.db, [
      { id: "p1", customer: "old-1", touchpoint: "ads", t: 0 },
      { id: "p2", customer: "old-2", touchpoint: "ads", t: DAY },
      { id: "p3", customer: "kid", touchpoint: "ads", t: DAY },
    ]);
    // old-2 is a member: loyal (priority 2) has it until a persona tried earlier matches.
    await upsertCustomers(t.db, [
      { externalId: "old-1", attributes: { age: 64 } },
      { externalId: "old-2", attributes: { age: 71, member: true } },
      { externalId: "kid", attributes: { age: 19 } },
    ]);
  });
  afterAll(() => t.cleanup());

  it("previews 2 matching, 1 assigned (old-2 stays loyal); after saving, the breakdown shows it at once", async () => {
    expect(
      await admin.admin.personas.preview({ name: "Seniors", priority: 5, rules: sixtyPlus }),
    ).toEqual({
      matching: 2,
      wouldBeAssigned: 1,
      takenByEarlier: 1,
      pinned: 0,
      total: 3,
      archived: false,
    });
    expect(await breakdown()).toEqual([
      ["young", 1],
      ["loyal", 1],
      ["unassigned", 1],
    ]);
    const saved = await admin.admin.personas.create(seniors);
    expect(saved).toMatchObject({
      reassigned: 1,
      persona: { key: "seniors", colour: "#aa3300", customers: 1, goals: [], description: "" },
    });
    expect(await breakdown()).toEqual([
      ["young", 1],
      ["loyal", 1],
      ["seniors", 1],
      ["unassigned", 0],
    ]);
    expect(await admin.admin.personas.get({ key: "seniors" })).toEqual(saved.persona);
  });

  it("priority 0 takes old-2 from loyal; archiving gives it back and empties the persona", async () => {
    const moved = await admin.admin.personas.update({ key: "seniors", ...seniors, priority: 0 });
    expect(moved.reassigned).toBe(1);
    expect(await breakdown()).toEqual([
      ["seniors", 2],
      ["young", 1],
      ["loyal", 0],
      ["unassigned", 0],
    ]);
    const archived = await admin.admin.personas.archive({ key: "seniors" });
    expect(archived).toMatchObject({ reassigned: 2, persona: { archived: true, customers: 0 } });
    expect(await breakdown()).toEqual([
      ["young", 1],
      ["loyal", 1],
      ["unassigned", 1],
    ]);
    const restored = await admin.admin.personas.restore({ key: "seniors" });
    expect(restored).toMatchObject({ reassigned: 2, persona: { archived: false, customers: 2 } });
    const audit = await admin.admin.audit.list({ entityType: "persona" });
    expect(audit.rows.map((r) => [r.action, r.actorEmail])).toEqual([
      ["persona.restore", users.admin.email],
      ["persona.archive", users.admin.email],
      ["persona.update", users.admin.email],
      ["persona.create", users.admin.email],
    ]);
  });

  it("bad input is BAD_REQUEST naming each field, field by field for the form", async () => {
    const [code, message, error] = await refusal(
      admin.admin.personas.create({
        name: " ",
        colour: "red",
        priority: 1.5,
        goals: ["ok", "g".repeat(201)],
        rules: { match: "all", conditions: [{ attribute: "age", operator: "gte" }] },
      }),
    );
    expect(code).toBe("BAD_REQUEST");
    expect(message).toBe(
      [
        "name: a persona needs a name",
        "goals.1: each goal has at most 200 characters",
        "colour: must be a colour such as #2563eb",
        "priority: must be a whole number from 0 to 10000",
        "rules.conditions.0.value: condition 1 (age) needs a value",
      ].join("; "),
    );
    // The error formatter hands the form these, one list per field.
    expect(error.cause).toBeInstanceOf(ZodError);
    expect(Object.keys(z.flattenError(error.cause as ZodError).fieldErrors).sort()).toEqual([
      "colour",
      "goals",
      "name",
      "priority",
      "rules",
    ]);
    expect(
      await refusal(admin.admin.personas.archive({ key: "Not a key" })).then((r) => r.slice(0, 2)),
    ).toEqual(["BAD_REQUEST", "key: must be a lower-case key (a-z, 0-9, _ or -, max 63)"]);
  });

  it("a name another persona has is CONFLICT; an unknown key NOT_FOUND", async () => {
    expect(
      (await refusal(admin.admin.personas.create({ ...seniors, name: "loyal" }))).slice(0, 2),
    ).toEqual(["CONFLICT", "another persona is already named Loyal"]);
    for (const call of [
      () => admin.admin.personas.get({ key: "ghost" }),
      () => admin.admin.personas.update({ key: "ghost", ...seniors }),
      () => admin.admin.personas.archive({ key: "ghost" }),
      () => admin.admin.personas.restore({ key: "ghost" }),
      () => admin.admin.personas.preview({ key: "ghost", priority: 1, rules: sixtyPlus }),
    ]) {
      expect((await refusal(call())).slice(0, 2)).toEqual([
        "NOT_FOUND",
        "no persona with the key ghost",
      ]);
    }
  });

  it("the attribute suggestions list what customers carry", async () => {
    expect(await admin.admin.personas.attributes()).toEqual([
      { attribute: "age", examples: ["19", "64", "71"], types: ["number"] },
      { attribute: "member", examples: ["true"], types: ["boolean"] },
    ]);
  });
});
