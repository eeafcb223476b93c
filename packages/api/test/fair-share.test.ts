import { enforcesStatementTimeout } from "@parcours/db";
import type { UserRow } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FAIR_SHARE_LIMITS, FairShare, fairShare, fairShareProcedure } from "../src/fair-share";
import {
  createCallerFactory,
  createTRPCContext,
  createTRPCRouter,
  viewerProcedure,
} from "../src/trpc";
import {
  type Caller,
  callerAs,
  createTestUsers,
  failure,
  PROCEDURES,
  procedureAt,
} from "./procedures";

/** A promise the test resolves when it chooses, to hold a slot for as long as it needs. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("FairShare", () => {
  const limits = { running: 2, waiting: 1, waitMs: 200, statementTimeoutMs: 1000 };

  it("runs at most `running` tasks per key, queues `waiting` more, refuses the rest at once", async () => {
    const share = new FairShare(limits);
    const held = gate();
    const started: string[] = [];
    const task = (name: string) => () => {
      started.push(name);
      return held.opened.then(() => name);
    };
    const a = share.run("user:1", task("a"));
    const b = share.run("user:1", task("b"));
    const c = share.run("user:1", task("c"));
    await tick();
    expect(started).toEqual(["a", "b"]);
    expect(share.load("user:1")).toEqual({ running: 2, waiting: 1 });
    expect(await failure(share.run("user:1", task("d")))).toEqual({
      code: "TOO_MANY_REQUESTS",
      message:
        "too many queries at once: 2 of yours are running and 1 waiting; try again in 5 seconds",
    });
    // Another user is not held up by the first.
    expect(await share.run("user:2", async () => "other")).toBe("other");
    held.open();
    expect(await Promise.all([a, b, c])).toEqual(["a", "b", "c"]);
    expect(started).toEqual(["a", "b", "c"]);
    expect(share.load("user:1")).toEqual({ running: 0, waiting: 0 });
  });

  it("a waiter that gets no slot within waitMs is refused, and leaves the queue", async () => {
    const share = new FairShare(limits);
    const held = gate();
    const running = [1, 2].map(() => share.run("user:1", () => held.opened));
    const started = performance.now();
    const waited = await failure(share.run("user:1", async () => "late"));
    expect(waited.code).toBe("TOO_MANY_REQUESTS");
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(share.load("user:1")).toEqual({ running: 2, waiting: 0 });
    held.open();
    await Promise.all(running);
    expect(share.load("user:1")).toEqual({ running: 0, waiting: 0 });
  });

  it("a failing task frees its slot", async () => {
    const share = new FairShare({ ...limits, running: 1 });
    await expect(share.run("k", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await share.run("k", async () => "next")).toBe("next");
  });

  it("a waiter whose request is aborted leaves the queue", async () => {
    const share = new FairShare({ ...limits, running: 1 });
    const held = gate();
    const first = share.run("k", () => held.opened);
    const controller = new AbortController();
    const waiting = failure(share.run("k", async () => "never", controller.signal));
    await tick();
    expect(share.load("k").waiting).toBe(1);
    controller.abort();
    expect((await waiting).code).toBe("CLIENT_CLOSED_REQUEST");
    expect(share.load("k")).toEqual({ running: 1, waiting: 0 });
    held.open();
    await first;
  });
});

/** The read-only metric procedures: each must go through the fair share. */
const METRIC_PATHS = [
  "dashboard.kpis",
  "dashboard.funnel",
  "dashboard.personas",
  "dashboard.heatmap",
  "dashboard.emotion",
  "funnels.build",
  "funnels.overTime",
  "views.journey",
  "shared.journey",
];

describe.each(TEST_TARGETS)("the fair share in the router on %s", (target) => {
  let t: TestDatabase;
  let viewer: UserRow;
  let manager: UserRow;
  let callers: { viewer: Caller; manager: Caller; anonymous: Caller };
  let token = "";
  let viewId = 0;
  const release: (() => void)[] = [];

  /** Fills a key's lane (running and waiting) until `release` is called. */
  function fill(key: string): Promise<unknown>[] {
    const held = gate();
    release.push(held.open);
    const total = FAIR_SHARE_LIMITS.running + FAIR_SHARE_LIMITS.waiting;
    return Array.from({ length: total }, () => fairShare.run(key, () => held.opened));
  }

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    const users = await createTestUsers(t.db);
    viewer = users.viewer;
    manager = users.manager;
    callers = {
      viewer: await callerAs(t.db, viewer),
      manager: await callerAs(t.db, manager),
      anonymous: await callerAs(t.db, null),
    };
    const view = await callers.manager.views.create({
      name: "Team",
      visibility: "team",
      period: { kind: "relative", days: 7 },
    });
    viewId = view.id;
    token = (await callers.manager.views.createShareLink({ id: view.id })).token;
  });
  afterEach(() => {
    for (const open of release.splice(0)) open();
  });
  afterAll(() => t.cleanup());

  function inputFor(path: string): unknown {
    if (path === "views.journey") return { id: viewId };
    if (path === "shared.journey") return { token };
    return PROCEDURES[path]?.input;
  }

  it.each(METRIC_PATHS)(
    "%s is refused with 429 while its caller has too many queries in flight, and serves others",
    async (path) => {
      const key = path === "shared.journey" ? `link:${token}` : `user:${viewer.id}`;
      const holders = fill(key);
      const caller = path === "shared.journey" ? callers.anonymous : callers.viewer;
      const refused = await failure(procedureAt(caller, path)(inputFor(path)));
      expect(refused).toEqual({
        code: "TOO_MANY_REQUESTS",
        message: expect.stringMatching(
          /^too many queries at once: 3 of yours are running and 12 waiting/,
        ),
      });
      if (path !== "shared.journey") {
        expect(await failure(procedureAt(callers.manager, path)(inputFor(path)))).toEqual({
          code: "OK",
          message: "",
        });
      }
      for (const open of release.splice(0)) open();
      await Promise.all(holders);
      expect(await failure(procedureAt(caller, path)(inputFor(path)))).toEqual({
        code: "OK",
        message: "",
      });
    },
  );

  it("the rest (catalogue, saved views, admin) is not counted against the metric bound", async () => {
    const holders = fill(`user:${viewer.id}`);
    expect(await failure(callers.viewer.views.list({}))).toEqual({ code: "OK", message: "" });
    expect(await failure(callers.viewer.catalogue.get())).toEqual({ code: "OK", message: "" });
    for (const open of release.splice(0)) open();
    await Promise.all(holders);
  });

  it("a statement past the timeout is stopped and answers SERVICE_UNAVAILABLE without SQL (PostgreSQL; PGlite cannot stop one)", async () => {
    const share = new FairShare({ ...FAIR_SHARE_LIMITS, statementTimeoutMs: 200 });
    const router = createTRPCRouter({
      slow: viewerProcedure.concat(fairShareProcedure(share)).query(async ({ ctx }) => {
        await ctx.db.execute(sql`SELECT pg_sleep(1.5)`);
        return "finished";
      }),
    });
    const caller = createCallerFactory(router)(
      await createTRPCContext({ db: t.db, headers: new Headers(), user: viewer }),
    );
    const started = performance.now();
    const result = await failure(caller.slow());
    const elapsed = performance.now() - started;
    if (enforcesStatementTimeout(t.db)) {
      expect(result).toEqual({
        code: "SERVICE_UNAVAILABLE",
        message:
          "this query ran for more than 0.2 seconds and was stopped, so that it does not slow everyone down: choose a shorter period or fewer filters",
      });
      expect(elapsed).toBeLessThan(1200);
    } else {
      expect(target).toBe("pglite");
      expect(result).toEqual({ code: "OK", message: "" });
    }
    expect(share.load(`user:${viewer.id}`)).toEqual({ running: 0, waiting: 0 });
  });
});
