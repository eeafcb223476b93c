import { createConnection, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClickHouse,
  ClickHouseUnavailableError,
  createClickHouse,
  parseClickHouseUrl,
} from "../../src/analytics/clickhouse/client";
import { type SyncLogLevel, startSyncLoop } from "../../src/analytics/clickhouse/sync-loop";
import { insertEvents, openTestDatabase, seedTestCatalogue, type TestDatabase } from "../helpers";
import { CLICKHOUSE_UP, openTestClickHouse, type TestClickHouse } from "./helpers";
import { eventCounts } from "./sync-fixtures";

/** A TCP relay to ClickHouse that the test can take down and bring back on the same port. */
class Relay {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(Number(this.target.port), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
    this.server = server;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = null;
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    // Until the loop has applied the schema, the tables are not there to count.
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!CLICKHOUSE_UP)("ClickHouse sync loop", () => {
  let t: TestDatabase;
  let ch: TestClickHouse;
  let relay: Relay;

  beforeAll(async () => {
    t = await openTestDatabase(process.env.DATABASE_URL ? "postgres" : "pglite");
    ch = await openTestClickHouse({ migrate: false });
    await seedTestCatalogue(t.db);
    relay = new Relay(new URL(parseClickHouseUrl(ch.url).server));
    await relay.up();
  });
  afterAll(async () => {
    await relay?.down();
    await ch?.cleanup();
    await t?.cleanup();
  });

  it("applies the schema, shows a new event within 5 s, rides out an outage and catches up", async () => {
    const logs: [SyncLogLevel, string][] = [];
    const viaRelay = createClickHouse(`http://127.0.0.1:${relay.port}/${ch.database}`);
    const loop = startSyncLoop({
      db: async () => t.db,
      ch: viaRelay,
      maxBackoffMs: 1000,
      log: (level, message) => logs.push([level, message]),
    });
    try {
      await insertEvents(t.db, [{ id: "first", customer: "a", touchpoint: "ads", t: 0 }]);
      const took = await waitUntil(async () => (await eventCounts(ch)).rows === 1, 15_000);
      expect(took).toBeLessThan(5_000);

      await relay.down();
      // Ingestion goes on while ClickHouse is away.
      await insertEvents(t.db, [
        { id: "during-1", customer: "a", touchpoint: "store", t: 10 },
        { id: "during-2", customer: "b", touchpoint: "till", t: 20 },
      ]);
      await waitUntil(async () => loop.state.failures >= 3, 20_000);
      expect(loop.state.running).toBe(true);
      expect(loop.state.lastError).toMatch(/ClickHouse is not answering at http:\/\/127\.0\.0\.1:/);
      // One warning for the outage, not one per attempt.
      expect(logs.filter(([level]) => level === "warn")).toHaveLength(1);
      expect(await eventCounts(ch)).toEqual({ rows: 1, distinct: 1 });

      await relay.up();
      await waitUntil(async () => (await eventCounts(ch)).rows === 3, 15_000);
      expect(await eventCounts(ch)).toEqual({ rows: 3, distinct: 3 });
      await waitUntil(async () => loop.state.failures === 0, 5_000);
      expect(logs.some(([, message]) => /answers again/.test(message))).toBe(true);
    } finally {
      await loop.stop();
      await viaRelay.close();
    }
    expect(loop.state.running).toBe(false);
  });
});

describe("ClickHouse sync loop, logging an outage", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase("pglite");
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("warns once while ClickHouse stays away, even as the cause changes", async () => {
    // A server that resets the first connection, then refuses the later ones, then hangs up.
    const causes = ["ECONNRESET", "ECONNREFUSED", "ECONNREFUSED", "socket hang up"];
    let attempts = 0;
    const fail = async (): Promise<never> => {
      const cause = causes[Math.min(attempts, causes.length - 1)];
      attempts += 1;
      throw new ClickHouseUnavailableError(`ClickHouse is not answering at fake (${cause})`);
    };
    const ch: ClickHouse = {
      location: "fake",
      database: "fake",
      query: fail,
      command: fail,
      insert: fail,
      insertLines: fail,
      insertCsv: fail,
      serverCommand: fail,
      serverQuery: fail,
      ping: fail,
      close: async () => {},
    };
    const logs: [SyncLogLevel, string][] = [];
    const loop = startSyncLoop({
      db: async () => t.db,
      ch,
      migrate: false,
      intervalMs: 5,
      maxBackoffMs: 20,
      log: (level, message) => logs.push([level, message]),
    });
    try {
      await waitUntil(async () => loop.state.failures >= 4, 10_000);
      const warnings = logs.filter(([level]) => level === "warn");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.[1]).toMatch(/^ClickHouse is not answering at fake \(ECONNRESET\)/);
      // The state keeps the latest cause for the health page.
      expect(loop.state.lastError).toMatch(/ECONNREFUSED|socket hang up/);
    } finally {
      await loop.stop();
    }
    expect(logs.filter(([level]) => level === "error")).toEqual([]);
  });
});
