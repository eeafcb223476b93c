import { afterEach, describe, expect, it } from "vitest";
import { chSql, lit } from "../../src/analytics/clickhouse/literal";
import {
  type ClickHouseMigration,
  migrateClickHouse,
  readClickHouseMigrations,
  splitStatements,
} from "../../src/analytics/clickhouse/migrate";
import { CLICKHOUSE_UP, openTestClickHouse, type TestClickHouse } from "./helpers";

describe("ClickHouse migration files", () => {
  it("split into statements at line-ending semicolons, comments dropped", () => {
    expect(
      splitStatements("-- a; comment;\nCREATE TABLE a (x String DEFAULT ';')\n;\nSELECT 1;"),
    ).toEqual(["CREATE TABLE a (x String DEFAULT ';')", "SELECT 1"]);
  });

  it("are numbered in order, each with statements", () => {
    const migrations = readClickHouseMigrations();
    expect(migrations.map((m) => m.version)).toEqual(
      migrations.map((_, i) => String(i + 1).padStart(4, "0")),
    );
    for (const m of migrations) expect(m.statements.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!CLICKHOUSE_UP)("ClickHouse migrations (server)", () => {
  let ch: TestClickHouse | undefined;
  afterEach(async () => {
    await ch?.cleanup();
    ch = undefined;
  });

  const tables = async (c: TestClickHouse) =>
    (
      await c.query<{ name: string }>(
        chSql`SELECT name FROM system.tables WHERE database = ${lit.str(c.database)} ORDER BY name`,
      )
    ).map((r) => r.name);

  it("creates the database and every table, then finds nothing left to apply", async () => {
    ch = await openTestClickHouse({ migrate: false });
    await ch.serverCommand(chSql`DROP DATABASE ${lit.ident(ch.database)}`);
    const first = await migrateClickHouse(ch);
    expect(first.created).toBe(true);
    expect(first.applied).toEqual(readClickHouseMigrations().map((m) => `${m.version}_${m.name}`));
    expect(await tables(ch)).toEqual(
      expect.arrayContaining([
        "events",
        "customers",
        "stages",
        "channels",
        "touchpoints",
        "personas",
        "schema_migrations",
      ]),
    );
    const second = await migrateClickHouse(ch);
    expect(second).toMatchObject({ created: false, applied: [] });
    expect(second.alreadyApplied).toEqual(first.applied);
    const [count] = await ch.query<{ n: string }>(
      chSql`SELECT count() AS n FROM schema_migrations`,
    );
    expect(count?.n).toBe(String(first.applied.length));
  });

  it("stores exact microseconds, cents and UInt64 versions in events", async () => {
    ch = await openTestClickHouse();
    const row = {
      event_id: "e'1\\",
      customer_id: 4_294_967_295,
      touchpoint_id: 1,
      stage_id: 2,
      stage_explicit: 1,
      channel_id: 3,
      type: "purchase",
      occurred_us: "1609718400123456",
      satisfaction: null,
      revenue_cents: "999999999999",
      properties: '{"a":1}',
      sync_version: "18446744073709551615",
    };
    await ch.insert("events", [row]);
    expect(await ch.query(chSql`SELECT * FROM events`)).toEqual([row]);
  });

  it("refuses to go on when a landed migration was edited", async () => {
    ch = await openTestClickHouse();
    const edited: ClickHouseMigration[] = readClickHouseMigrations().map((m, i) =>
      i === 0 ? { ...m, checksum: "0".repeat(64) } : m,
    );
    await expect(migrateClickHouse(ch, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it("finishes a migration a previous run left half-done", async () => {
    ch = await openTestClickHouse();
    const extra = (statements: string[]): ClickHouseMigration => ({
      version: "9999",
      name: "test",
      statements,
      checksum: "f".repeat(64),
    });
    const base = readClickHouseMigrations();
    await expect(
      migrateClickHouse(ch, [
        ...base,
        extra([
          "CREATE TABLE IF NOT EXISTS t1 (a UInt8) ENGINE = MergeTree ORDER BY a",
          "SELECT nonsense(",
        ]),
      ]),
    ).rejects.toThrow();
    expect(await tables(ch)).toContain("t1");
    const done = await migrateClickHouse(ch, [
      ...base,
      extra([
        "CREATE TABLE IF NOT EXISTS t1 (a UInt8) ENGINE = MergeTree ORDER BY a",
        "CREATE TABLE IF NOT EXISTS t2 (a UInt8) ENGINE = MergeTree ORDER BY a",
      ]),
    ]);
    expect(done.applied).toEqual(["9999_test"]);
    expect(await tables(ch)).toEqual(expect.arrayContaining(["t1", "t2"]));
  });
});
