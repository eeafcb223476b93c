import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerAs, createTestUsers } from "./procedures";

/** What a procedure's call ends with: OK, or the tRPC error code and message. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe.each(TEST_TARGETS)("text a query cannot hold, in tRPC inputs, on %s", (target) => {
  let t: TestDatabase;
  let viewer: Caller;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    viewer = await callerAs(t.db, (await createTestUsers(t.db)).viewer);
  });
  afterAll(() => t.cleanup());

  it.each([
    ["NUL", "a\u0000b", "must not contain the NUL character"],
    ["half a surrogate pair", "a\ud800b", "must be valid Unicode text"],
  ])(
    "a saved-view search with %s is a BAD_REQUEST naming the field",
    async (_name, search, message) => {
      const result = await outcome(viewer.views.list({ search }));
      expect(result).toMatch(/^BAD_REQUEST: /);
      expect(result).toContain("search");
      expect(result).toContain(message);
      expect(await outcome(viewer.views.list({ search: "launch" }))).toBe("OK");
    },
  );
});
