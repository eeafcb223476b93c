import { describe, expect, it } from "vitest";
import { chSql, lit } from "../../src/analytics/clickhouse/literal";
import { migrateClickHouse } from "../../src/analytics/clickhouse/migrate";
import { CHDB_UP, openChdbClickHouse } from "./chdb";
import { describeSync } from "./sync-suite";

// Current ClickHouse (26.x, embedded by chdb): the schema and the sync must work there as on
// the Debian server (18.16). One chdb session per process, so one per file.
describe.skipIf(!CHDB_UP)("ClickHouse migrations on chdb (ClickHouse 26)", () => {
  it("applies every migration, then finds nothing left; the tables keep exact values", async () => {
    const ch = await openChdbClickHouse({ migrate: false });
    try {
      const first = await migrateClickHouse(ch);
      expect(first.applied.length).toBeGreaterThan(0);
      expect((await migrateClickHouse(ch)).applied).toEqual([]);
      const tables = await ch.query<{ name: string }>(
        chSql`SELECT name FROM system.tables WHERE database = ${lit.str(ch.database)} ORDER BY name`,
      );
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(["events", "customers", "stages", "schema_migrations"]),
      );
      await ch.insertCsv(
        "events",
        ["event_id", "customer_id", "occurred_us", "revenue_cents", "satisfaction", "sync_version"],
        '"a""\\\\,b\n",4294967295,-1609718400123456,999999999999,\\N,18446744073709551615',
      );
      expect(
        await ch.query(
          chSql`SELECT event_id, customer_id, toString(occurred_us) AS us,
                  toString(revenue_cents) AS cents, satisfaction, toString(sync_version) AS v
                FROM events`,
        ),
      ).toEqual([
        {
          event_id: 'a"\\\\,b\n',
          customer_id: 4294967295,
          us: "-1609718400123456",
          cents: "999999999999",
          satisfaction: null,
          v: "18446744073709551615",
        },
      ]);
    } finally {
      await ch.cleanup();
    }
  });
});

describeSync(
  "ClickHouse sync from pglite into chdb (ClickHouse 26)",
  "pglite",
  () => openChdbClickHouse(),
  CHDB_UP,
);
