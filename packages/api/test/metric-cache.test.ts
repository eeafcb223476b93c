import { Readable } from "node:stream";
import { createDatabase, type Database, type DatabaseHandle } from "@parcours/db";
import { importEvents } from "@parcours/db/interchange";
import { createApiKey, setSegmentMapping } from "@parcours/db/queries";
import {
  at,
  DAY,
  date,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { TRPCError } from "@trpc/server";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  handleCustomers,
  handleEvents,
  handleSegment,
  type IngestDeps,
  RateLimiter,
} from "../src/http";
import { answerKey, MetricCache, metricCacheFor } from "../src/metric-cache";
import { type Caller, callerAs, createTestUsers, type TestUsers } from "./procedures";

const actor = { id: null, email: "test" };
const filter = { from: date(0), to: date(10 * DAY) };

/** Every SQL statement Drizzle builds meanwhile, on any database of this test file. */
function recordSql() {
  const statements: string[] = [];
  const build = PgDialect.prototype.sqlToQuery;
  const spy = vi.spyOn(PgDialect.prototype, "sqlToQuery").mockImplementation(function (
    this: PgDialect,
    ...args: Parameters<typeof build>
  ) {
    const query = build.apply(this, args);
    statements.push(query.sql);
    return query;
  });
  return {
    /** Statements other than the data version's read (one per call on PostgreSQL). */
    queries: () => statements.filter((s) => !s.includes("data_version")),
    stop: () => spy.mockRestore(),
  };
}

function post(path: string, body: object, headers: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return "succeeded";
}

describe.each(TEST_TARGETS)("metric cache on %s", (target) => {
  let t: TestDatabase;
  let users: TestUsers;
  let viewer: Caller;
  let manager: Caller;
  let admin: Caller;
  let deps: IngestDeps;
  let auth: Record<string, string>;

  /** A new caller per call, as each HTTP request gets its own context. */
  const asViewer = () => callerAs(t.db, users.viewer);

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    viewer = await callerAs(t.db, users.viewer);
    manager = await callerAs(t.db, users.manager);
    admin = await callerAs(t.db, users.admin);
    deps = { db: t.db, limiter: new RateLimiter(1000, 1000) };
    auth = { authorization: `Bearer ${(await createApiKey(t.db, actor, "tests")).key}` };
    await insertEvents(t.db, [
      { id: "a1", customer: "a", touchpoint: "website", t: DAY },
      { id: "a2", customer: "a", touchpoint: "checkout", t: DAY + 60, satisfaction: 4 },
      { id: "b1", customer: "b", touchpoint: "website", t: 2 * DAY },
    ]);
  });
  afterAll(() => t.cleanup());
  afterEach(() => vi.restoreAllMocks());

  it("a second identical call runs no metric query and answers the same", async () => {
    const first = await (await asViewer()).dashboard.heatmap({ filter });
    const sql = recordSql();
    const second = await (await asViewer()).dashboard.heatmap({ filter });
    sql.stop();
    expect(sql.queries()).toEqual([]);
    expect(second).toEqual(first);
  });

  it("is shared by users of every role: the answer does not depend on who asks", async () => {
    const input = { filter: { ...filter, channels: ["web"] } };
    const first = await viewer.dashboard.emotion(input);
    const sql = recordSql();
    expect(await manager.dashboard.emotion(input)).toEqual(first);
    expect(await admin.dashboard.emotion(input)).toEqual(first);
    sql.stop();
    expect(sql.queries()).toEqual([]);
  });

  it("8 identical concurrent calls run the queries of one", async () => {
    const once = recordSql();
    await (await asViewer()).dashboard.kpis({ filter: { ...filter, to: date(9 * DAY) } });
    once.stop();
    expect(once.queries().length).toBeGreaterThan(0);

    const concurrent = recordSql();
    const input = { filter: { ...filter, to: date(8 * DAY) } };
    const answers = await Promise.all(
      Array.from({ length: 8 }, async () => (await asViewer()).dashboard.kpis(input)),
    );
    concurrent.stop();
    expect(concurrent.queries()).toEqual(once.queries());
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it("a failure is not kept: the same call next time computes again and succeeds", async () => {
    const input = { filter: { ...filter, to: date(7 * DAY) } };
    const build = PgDialect.prototype.sqlToQuery;
    let broken = true;
    vi.spyOn(PgDialect.prototype, "sqlToQuery").mockImplementation(function (
      this: PgDialect,
      ...args: Parameters<typeof build>
    ) {
      const query = build.apply(this, args);
      if (broken && query.sql.includes("events")) {
        broken = false;
        throw new Error("connection reset");
      }
      return query;
    });
    expect(await failure((await asViewer()).dashboard.kpis(input))).toBe("INTERNAL_SERVER_ERROR");
    vi.restoreAllMocks();
    const answer = await (await asViewer()).dashboard.kpis(input);
    expect(answer.current.activeCustomers).toBe(2);
  });

  it("an event sent to POST /api/v1/events changes the next answer", async () => {
    const before = await (await asViewer()).dashboard.kpis({ filter });
    const response = await handleEvents(
      post(
        "/api/v1/events",
        {
          events: [
            {
              eventId: "http-1",
              customerId: "c",
              occurredAt: at(3 * DAY),
              touchpoint: "website",
              type: "view",
            },
          ],
        },
        auth,
      ),
      deps,
    );
    expect(response.status).toBe(200);
    const after = await (await asViewer()).dashboard.kpis({ filter });
    expect(after.current.activeCustomers).toBe(before.current.activeCustomers + 1);
  });

  it("a Segment track call changes the next answer", async () => {
    await setSegmentMapping(t.db, actor, {
      eventName: "Order Completed",
      touchpoint: "checkout",
      type: "purchase",
    });
    const before = await (await asViewer()).dashboard.kpis({ filter });
    const response = await handleSegment(
      "track",
      post(
        "/api/segment/v1/track",
        {
          type: "track",
          event: "Order Completed",
          userId: "b",
          messageId: "segment-1",
          timestamp: at(3 * DAY),
        },
        auth,
      ),
      deps,
    );
    expect(response.status).toBe(200);
    const after = await (await asViewer()).dashboard.kpis({ filter });
    // b had only visited the website: now b has converted too.
    expect(after.current.convertedCustomers).toBe(before.current.convertedCustomers + 1);
  });

  it("a change of conversion stage changes the next answer", async () => {
    const before = await (await asViewer()).dashboard.kpis({ filter });
    expect(before.conversionStage).toBe("purchase");
    await admin.admin.catalogue.setConversionStage({ key: "consideration" });
    try {
      const after = await (await asViewer()).dashboard.kpis({ filter });
      expect(after.conversionStage).toBe("consideration");
      expect(after.current.convertedCustomers).toBe(after.current.activeCustomers);
    } finally {
      await admin.admin.catalogue.setConversionStage({ key: "purchase" });
    }
  });

  it("an answer is computed from a catalogue at least as new as its data version", async () => {
    // One request reads the catalogue, then the conversion stage changes before its metric
    // query runs: the answer it stores must not be computed with the catalogue it read first.
    const request = await asViewer();
    await request.catalogue.get();
    await admin.admin.catalogue.setConversionStage({ key: "consideration" });
    try {
      const input = { filter: { ...filter, to: date(5 * DAY) } };
      await request.dashboard.kpis(input);
      expect((await (await asViewer()).dashboard.kpis(input)).conversionStage).toBe(
        "consideration",
      );
    } finally {
      await admin.admin.catalogue.setConversionStage({ key: "purchase" });
    }
  });

  it("customer attributes and persona rules that move customers change the next answer", async () => {
    const count = async (persona: string) =>
      (await (await asViewer()).dashboard.personas({ filter })).personas.find(
        (p) => p.persona === persona,
      )?.activeCustomers ?? 0;
    expect(await count("young")).toBe(0);

    const response = await handleCustomers(
      post(
        "/api/v1/customers",
        { customers: [{ customerId: "a", attributes: { age: 25 } }] },
        auth,
      ),
      deps,
    );
    expect(response.status).toBe(200);
    expect(await count("young")).toBe(1);

    await admin.admin.personas.update({
      key: "young",
      name: "Young mobile",
      colour: "#2563eb",
      priority: 1,
      rules: { match: "all", conditions: [{ attribute: "age", operator: "lt", value: 20 }] },
    });
    expect(await count("young")).toBe(0);
  });

  it("journey maps are not cached: a private view stays hidden from another user", async () => {
    const view = await manager.views.create({
      name: "Private map",
      period: { kind: "relative", days: 30 },
    });
    await manager.views.journey({ id: view.id });
    expect(await failure(viewer.views.journey({ id: view.id }))).toBe("NOT_FOUND");
  });
});

describe.runIf(TEST_TARGETS.includes("postgres"))("metric cache across processes", () => {
  let t: TestDatabase;
  let other: DatabaseHandle;
  let users: TestUsers;

  beforeAll(async () => {
    t = await openTestDatabase("postgres");
    await seedTestCatalogue(t.db);
    users = await createTestUsers(t.db);
    // A second client on the same database: what a `parcours import` run beside the app uses.
    const url = new URL(process.env.DATABASE_URL ?? "");
    url.pathname = new URL(t.location).pathname;
    other = createDatabase({ url: url.toString(), maxConnections: 2 });
  });
  afterAll(async () => {
    await other.close();
    await t.cleanup();
  });

  it("more concurrent misses than pool connections all get their answer", async () => {
    // A pool of 2 and 3 different queries at once: each holds a connection for its fair-share
    // transaction, so nothing it needs may wait for a second one.
    const caller = await callerAs(other.db, users.viewer);
    const answers = Promise.all(
      [4, 5, 6].map((days) =>
        caller.dashboard.kpis({ filter: { ...filter, to: date(days * DAY) } }),
      ),
    );
    const stuck = new Promise((_, reject) =>
      setTimeout(() => reject(new Error("the queries waited for each other")), 15_000).unref(),
    );
    expect(await Promise.race([answers, stuck])).toHaveLength(3);
  });

  it("an import through another client invalidates this one's answers", async () => {
    const caller = () => callerAs(t.db, users.viewer);
    const before = await (await caller()).dashboard.kpis({ filter });
    expect(before.current.events).toBe(0);
    const csv = `event_id,customer_id,occurred_at,touchpoint,type\ncli-1,z,${at(DAY)},website,view\n`;
    const summary = await importEvents(other.db, { format: "csv", input: Readable.from([csv]) });
    expect(summary.accepted).toBe(1);
    const after = await (await caller()).dashboard.kpis({ filter });
    expect(after.current.events).toBe(1);
  });
});

describe("MetricCache", () => {
  const ok = (data: unknown) => async () => ({ ok: true, data });

  /** A computation that ends when the test says so. */
  function deferred() {
    let end: (outcome: { ok: boolean; data?: unknown }) => void = () => {};
    const outcome = new Promise<{ ok: boolean; data?: unknown }>((resolve) => {
      end = resolve;
    });
    return { compute: vi.fn(() => outcome), end };
  }

  it("identical calls made while one computes wait for it and share its answer", async () => {
    const cache = new MetricCache();
    const first = deferred();
    const others = vi.fn(ok("not used"));
    const answers = Promise.all([
      cache.answer("k", first.compute),
      ...Array.from({ length: 4 }, () => cache.answer("k", others)),
    ]);
    first.end({ ok: true, data: 42 });
    expect((await answers).map((a) => a.data)).toEqual([42, 42, 42, 42, 42]);
    expect(first.compute).toHaveBeenCalledTimes(1);
    expect(others).not.toHaveBeenCalled();
    expect(cache.stats).toEqual({ hits: 0, joined: 4, computed: 1 });
  });

  it("callers that joined a computation that failed compute for themselves", async () => {
    const cache = new MetricCache();
    const first = deferred();
    const own = vi.fn(ok(7));
    const answers = Promise.all([
      cache.answer("k", first.compute),
      cache.answer("k", own),
      cache.answer("k", own),
    ]);
    first.end({ ok: false });
    expect((await answers).map((a) => a.ok)).toEqual([false, true, true]);
    expect(own).toHaveBeenCalledTimes(2);
  });

  it("keeps at most `entries` answers, dropping the least recently used", async () => {
    const cache = new MetricCache({ entries: 2, jsonChars: 1_000_000, maxAgeMs: 60_000 });
    await cache.answer("a", ok(1));
    await cache.answer("b", ok(2));
    await cache.answer("a", ok(1));
    await cache.answer("c", ok(3));
    expect(cache.size).toBe(2);
    const computed = cache.stats.computed;
    await cache.answer("a", ok(1));
    await cache.answer("b", ok(2));
    // a was used after b, so b went when c came.
    expect(cache.stats.computed - computed).toBe(1);
  });

  it("keeps answers within `jsonChars` in all, and none larger than that", async () => {
    const cache = new MetricCache({ entries: 100, jsonChars: 100, maxAgeMs: 60_000 });
    await cache.answer("big", ok("x".repeat(200)));
    expect(cache.size).toBe(0);
    for (const key of ["k1", "k2", "k3"]) await cache.answer(key, ok("y".repeat(40)));
    // Each is 44 characters (key and JSON): two fit in 100.
    expect(cache.size).toBe(2);
  });

  it("forgets answers older than `maxAgeMs`", async () => {
    const cache = new MetricCache({ entries: 10, jsonChars: 1_000, maxAgeMs: 20 });
    await cache.answer("a", ok(1));
    await cache.answer("a", ok(1));
    await new Promise((resolve) => setTimeout(resolve, 60));
    await cache.answer("a", ok(1));
    expect(cache.stats).toMatchObject({ hits: 1, computed: 2 });
  });

  it("keys by procedure, version and input, whatever the order of the input's keys", () => {
    const key = answerKey("dashboard.kpis", "7", { filter: { from: date(0), to: date(DAY) } });
    expect(answerKey("dashboard.kpis", "7", { filter: { to: date(DAY), from: date(0) } })).toBe(
      key,
    );
    expect(answerKey("dashboard.kpis", "8", { filter: { from: date(0), to: date(DAY) } })).not.toBe(
      key,
    );
    expect(
      answerKey("dashboard.emotion", "7", { filter: { from: date(0), to: date(DAY) } }),
    ).not.toBe(key);
    // A string is not a date, even for the same instant: only one of them is valid input.
    expect(
      answerKey("dashboard.kpis", "7", {
        filter: { from: date(0).toISOString(), to: date(DAY) },
      }),
    ).not.toBe(key);
  });

  it("is one per database", () => {
    // Only the object's identity matters here: two databases, two caches.
    const [one, two] = [{}, {}] as unknown as [Database, Database];
    expect(metricCacheFor(one)).toBe(metricCacheFor(one));
    expect(metricCacheFor(one)).not.toBe(metricCacheFor(two));
  });
});
