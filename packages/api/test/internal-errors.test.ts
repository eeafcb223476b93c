import type { UserRow } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from "vitest";
import {
  createCallerFactory,
  createTRPCContext,
  createTRPCRouter,
  viewerProcedure,
} from "../src/trpc";
import { type Caller, callerAs, createTestUsers, failure, type TestUsers } from "./procedures";

const REDACTED =
  /^something went wrong on our side; the error is logged under reference ([0-9a-f]{12})$/;

/** A procedure whose query fails inside the database: its error message holds the SQL. */
const router = createTRPCRouter({
  broken: viewerProcedure.query(async ({ ctx }) => {
    await ctx.db.execute(sql`SELECT secret_column FROM no_such_table WHERE owner = ${"alice"}`);
    return "never";
  }),
});

describe.each(TEST_TARGETS)("internal errors on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let viewer: UserRow;
  let logged: MockInstance<typeof console.error>;

  beforeAll(async () => {
    logged = vi.spyOn(console, "error").mockImplementation(() => {});
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    viewer = users.viewer;
  });
  afterEach(() => logged.mockClear());
  afterAll(async () => {
    logged.mockRestore();
    await t.cleanup();
  });

  /** Every line logged, as text, to find the reference and the cause in it. */
  const logText = () => logged.mock.calls.map((args) => args.map(String).join(" ")).join("\n");

  it("a server-side caller gets only a reference, and the log holds it with the SQL error", async () => {
    const caller = createCallerFactory(router)(
      await createTRPCContext({ db: t.db, headers: new Headers(), user: viewer }),
    );
    const result = await failure(caller.broken());
    expect(result.code).toBe("INTERNAL_SERVER_ERROR");
    expect(result.message).toMatch(REDACTED);
    expect(result.message).not.toMatch(/no_such_table|secret_column|select/i);
    const reference = REDACTED.exec(result.message)?.[1] ?? "";
    // Logged once, under the reference, with the database's own error.
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logText()).toContain(`[trpc] ${reference} broken failed:`);
    expect(logText()).toMatch(/no_such_table/);
  });

  it("over HTTP the body carries the reference, no SQL and no stack", async () => {
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router,
      req: new Request("http://localhost/api/trpc/broken"),
      createContext: ({ req }) =>
        createTRPCContext({ headers: req.headers, db: t.db, user: viewer }),
    });
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toMatch(/no_such_table|secret_column|alice|select|stack|\.ts:/i);
    const parsed = JSON.parse(body) as { error: { json: { message: string; data: object } } };
    expect(parsed.error.json.message).toMatch(REDACTED);
    expect(parsed.error.json.data).not.toHaveProperty("stack");
    const reference = REDACTED.exec(parsed.error.json.message)?.[1] ?? "";
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logText()).toContain(reference);
  });

  describe("not found, without naming what the caller cannot see", () => {
    let owner: Caller;
    let other: Caller;
    let privateView = 0;

    beforeAll(async () => {
      owner = await callerAs(t.db, users.manager);
      // An admin acting as a manager: another manager, who cannot see the owner's private view.
      other = await callerAs(t.db, { ...users.manager, id: users.admin.id, role: "manager" });
      // Ids apart from the comments' and links' ones, so a message naming the view is told apart.
      for (let i = 0; i < 5; i++) {
        await owner.views.create({ name: `Filler ${i}`, period: { kind: "relative", days: 7 } });
      }
      privateView = (
        await owner.views.create({ name: "Private", period: { kind: "relative", days: 7 } })
      ).id;
    });

    it("resolving a comment on a private view of someone else", async () => {
      const comment = await owner.views.annotate({
        viewId: privateView,
        target: { kind: "view" },
        body: "Internal note",
      });
      expect(await failure(other.views.setResolved({ id: comment.id, resolved: true }))).toEqual({
        code: "NOT_FOUND",
        message: `no comment with id ${comment.id}`,
      });
    });

    it("revoking a share link of a private view of someone else", async () => {
      const { link } = await owner.views.createShareLink({ id: privateView });
      expect(await failure(other.views.revokeShareLink({ id: link.id }))).toEqual({
        code: "NOT_FOUND",
        message: `no share link with id ${link.id}`,
      });
      // Still open: the refused call changed nothing.
      expect((await owner.views.shareLinks({ id: privateView }))[0]?.revokedAt).toBeNull();
    });
  });
});
