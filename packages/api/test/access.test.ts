import { ROLES, type Role } from "@parcours/auth";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src";
import {
  callerAs,
  codeOf,
  createTestUsers,
  PROCEDURES,
  procedureAt,
  type TestUsers,
} from "./procedures";

const RANK: Record<Role, number> = { viewer: 0, manager: 1, admin: 2 };

/** The procedures as the router itself lists them, with the access rule each declares. */
const routerProcedures = Object.entries(appRouter._def.procedures).map(([path, procedure]) => ({
  path,
  access: (procedure as unknown as { _def: { meta?: { access?: Role | "public" } } })._def.meta
    ?.access,
}));

describe("every procedure has an authorisation rule", () => {
  it("the table below lists exactly the router's procedures", () => {
    expect(routerProcedures.map((p) => p.path).sort()).toEqual(Object.keys(PROCEDURES).sort());
  });

  it.each(routerProcedures)("$path declares the access the table expects", ({ path, access }) => {
    expect(access).toBeDefined();
    expect(access).toBe(PROCEDURES[path]?.access);
  });
});

describe.each(TEST_TARGETS)("access matrix on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
  });
  afterAll(() => t.cleanup());

  const cases = Object.entries(PROCEDURES).flatMap(([path, sample]) => {
    const access = sample.access;
    return [
      { path, who: "anonymous", expected: access === "public" ? "allowed" : "UNAUTHORIZED" },
      ...ROLES.map((role) => ({
        path,
        who: role,
        expected: access === "public" || RANK[role] >= RANK[access] ? "allowed" : "FORBIDDEN",
      })),
    ];
  });

  it.each(cases)("$path as $who: $expected", async ({ path, who, expected }) => {
    const sample = PROCEDURES[path];
    if (!sample) throw new Error(`no sample for ${path}`);
    const user = who === "anonymous" ? null : users[who as Role];
    const code = await codeOf(procedureAt(await callerAs(t.db, user), path)(sample.input));
    if (expected === "allowed") {
      expect(code).not.toBe("UNAUTHORIZED");
      expect(code).not.toBe("FORBIDDEN");
      expect(code).not.toMatch(/^not a TRPCError|INTERNAL_SERVER_ERROR/);
    } else {
      expect(code).toBe(expected);
    }
  });

  it("a anonymous call is refused before its input is read", async () => {
    const caller = await callerAs(t.db, null);
    expect(await codeOf(caller.dashboard.kpis({ filter: "nonsense" } as never))).toBe(
      "UNAUTHORIZED",
    );
  });
});
