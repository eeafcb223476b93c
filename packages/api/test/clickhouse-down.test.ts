import { createDatabase, isTransaction, queryRows } from "@parcours/db";
import { createClickHouse, startSyncLoop } from "@parcours/db/analytics/clickhouse";
import {
  clickhouseEngine,
  type MetricEngine,
  type Metrics,
  postgresEngine,
} from "@parcours/db/metrics/engine";
import { createApiKey, type UserRow } from "@parcours/db/queries";
import {
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCaller, createTRPCContext, handleTRPCRequest } from "../src";
import { handleEvents, RateLimiter } from "../src/http";
import { ANALYTICS_UNAVAILABLE_MESSAGE, DATABASE_UNAVAILABLE_MESSAGE } from "../src/trpc";
import { createTestUsers, filter, steps } from "./procedures";

/** Nothing listens on port 1: every request is refused, as when ClickHouse is down. */
const DOWN_URL = "http://127.0.0.1:1/parcours";

/**
 * ClickHouse down, on the ClickHouse engine: every figure is a 503 that says so, with
 * Retry-After over HTTP, never a 500 nor SQL; ingestion goes on into PostgreSQL.
 */
describe.each(TEST_TARGETS)("ClickHouse down (%s)", (target) => {
  let t: TestDatabase;
  let engine: MetricEngine;
  let users: { admin: UserRow; manager: UserRow; viewer: UserRow };
  const warned = vi.spyOn(console, "warn").mockImplementation(() => {});

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [{ id: "d1", customer: "c1", touchpoint: "ads", t: 0 }]);
    users = await createTestUsers(t.db);
    engine = clickhouseEngine(createClickHouse(DOWN_URL, { requestTimeoutMs: 3000 }));
  });
  afterAll(async () => {
    warned.mockRestore();
    await engine?.close();
    await t?.cleanup();
  });

  const callerAs = async (user: UserRow | null) =>
    createCaller(
      await createTRPCContext({ db: t.db, headers: new Headers(), user, metrics: engine }),
    );

  async function failure(promise: Promise<unknown>) {
    try {
      await promise;
      return { code: "OK", message: "" };
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      return { code: error.code, message: error.message };
    }
  }

  it("every dashboard, funnel and journey procedure answers SERVICE_UNAVAILABLE naming ClickHouse", async () => {
    const viewer = await callerAs(users.viewer);
    const manager = await callerAs(users.manager);
    const view = await manager.views.create({
      name: "Outage",
      period: { kind: "fixed", from: "2021-01-04", to: "2021-01-14" },
    });
    const { token } = await manager.views.createShareLink({ id: view.id });
    const anonymous = await callerAs(null);
    const calls: [string, () => Promise<unknown>][] = [
      ["dashboard.kpis", () => viewer.dashboard.kpis({ filter })],
      ["dashboard.funnel", () => viewer.dashboard.funnel({ filter, steps })],
      ["dashboard.personas", () => viewer.dashboard.personas({ filter })],
      ["dashboard.heatmap", () => viewer.dashboard.heatmap({ filter })],
      ["dashboard.emotion", () => viewer.dashboard.emotion({ filter })],
      ["funnels.build", () => viewer.funnels.build({ filter, steps, breakdown: "persona" })],
      ["funnels.overTime", () => viewer.funnels.overTime({ filter, steps, bucket: "day" })],
      ["views.journey", () => manager.views.journey({ id: view.id })],
      ["shared.journey", () => anonymous.shared.journey({ token })],
    ];
    for (const [path, call] of calls) {
      expect({ path, ...(await failure(call())) }).toEqual({
        path,
        code: "SERVICE_UNAVAILABLE",
        message: ANALYTICS_UNAVAILABLE_MESSAGE,
      });
    }
    expect(ANALYTICS_UNAVAILABLE_MESSAGE).toMatch(
      /^the analytics database \(ClickHouse\) is not answering/,
    );
    // The catalogue and saved views are PostgreSQL's, and still answer.
    expect((await viewer.catalogue.get()).stages.length).toBeGreaterThan(0);
    expect((await manager.views.get({ id: view.id })).name).toBe("Outage");
  });

  it("a figure on ClickHouse holds no PostgreSQL transaction while ClickHouse computes (PostgreSQL's own figures run in one, on PostgreSQL)", async () => {
    // Which database each figure was handed: a timed transaction, or the pool itself.
    const handed: boolean[] = [];
    const recording = (metrics: Metrics): Metrics => ({
      ...metrics,
      withDatabase: (db) => {
        handed.push(isTransaction(db));
        return recording(metrics.withDatabase(db));
      },
    });
    const record = (inner: MetricEngine): MetricEngine => ({
      ...inner,
      on: (db) => recording(inner.on(db)),
    });
    const on = async (metrics: MetricEngine) =>
      createCaller(
        await createTRPCContext({ db: t.db, headers: new Headers(), user: users.viewer, metrics }),
      );
    await failure((await on(record(engine))).dashboard.kpis({ filter }));
    expect(handed.filter((inTransaction) => inTransaction)).toEqual([]);
    handed.length = 0;
    await (await on(record(postgresEngine()))).dashboard.kpis({ filter });
    // PGlite cannot time a statement out, so there the fair share opens no transaction.
    expect(handed).toEqual([target === "postgres"]);
  });

  it("over HTTP: 503 with Retry-After, the message, and no SQL, address or stack", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { filter } }));
    const response = await handleTRPCRequest({
      req: new Request(`http://localhost/api/trpc/dashboard.kpis?input=${input}`),
      createContext: () =>
        createTRPCContext({
          headers: new Headers(),
          db: t.db,
          user: users.viewer,
          metrics: engine,
        }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const body = await response.text();
    expect(JSON.parse(body).error.json.message).toBe(ANALYTICS_UNAVAILABLE_MESSAGE);
    expect(body).not.toMatch(/select|127\.0\.0\.1|ECONNREFUSED|stack|\.ts:/i);
  });

  it("ingestion goes on into PostgreSQL while the sync cannot reach ClickHouse", async () => {
    const loop = startSyncLoop({
      db: async () => t.db,
      ch: createClickHouse(DOWN_URL, { requestTimeoutMs: 3000 }),
      intervalMs: 50,
      log: () => {},
    });
    try {
      const { key } = await createApiKey(t.db, { id: null, email: "test" }, "outage");
      const response = await handleEvents(
        new Request("http://localhost/api/v1/events", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({
            events: [
              {
                eventId: "during-outage",
                customerId: "c9",
                occurredAt: "2021-01-05T10:00:00Z",
                touchpoint: "ads",
                type: "view",
              },
            ],
          }),
        }),
        { db: t.db, limiter: new RateLimiter(1000, 1000) },
      );
      expect(response.status).toBe(200);
      const stored = await queryRows<{ n: number }>(
        t.db,
        sql`SELECT count(*)::int AS n FROM events WHERE event_id = 'during-outage'`,
      );
      expect(stored[0]?.n).toBe(1);
      await vi.waitFor(() => expect(loop.state.failures).toBeGreaterThan(0), { timeout: 10_000 });
      expect(loop.state.lastError).toMatch(/ClickHouse is not answering/);
    } finally {
      await loop.stop();
    }
  });
});

describe("PostgreSQL down", () => {
  it("a query answers SERVICE_UNAVAILABLE naming PostgreSQL, with Retry-After over HTTP", async () => {
    // Nothing listens on port 1: every connection is refused.
    const down = createDatabase({
      url: "postgres://parcours@127.0.0.1:1/parcours",
      maxConnections: 1,
    });
    const user = { id: 1, email: "viewer@example.com", name: "viewer", role: "viewer" as const };
    try {
      const caller = createCaller(
        await createTRPCContext({ db: down.db, headers: new Headers(), user }),
      );
      for (const call of [() => caller.catalogue.get(), () => caller.dashboard.kpis({ filter })]) {
        await expect(call()).rejects.toMatchObject({
          code: "SERVICE_UNAVAILABLE",
          message: DATABASE_UNAVAILABLE_MESSAGE,
        });
      }
      const response = await handleTRPCRequest({
        req: new Request("http://localhost/api/trpc/catalogue.get"),
        createContext: () => createTRPCContext({ headers: new Headers(), db: down.db, user }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.text()).not.toMatch(/select|ECONNREFUSED|stack|\.ts:/i);
    } finally {
      await down.close();
    }
  });
});
