import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClickHouseUnavailableError,
  createClickHouse,
} from "../../src/analytics/clickhouse/client";
import { chSql } from "../../src/analytics/clickhouse/literal";
import { readSyncStatus, syncToClickHouse } from "../../src/analytics/clickhouse/sync";
import { queryRows } from "../../src/client";
import { CLI_ACTOR } from "../../src/queries/audit";
import { updateTouchpoint } from "../../src/queries/catalogue-touchpoints";
import { assignPersonas } from "../../src/queries/persona-assignment";
import {
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  type TestDatabase,
  type TestTarget,
} from "../helpers";
import type { TestClickHouse } from "./helpers";
import {
  clickHouseEvents,
  clickHousePersonas,
  eventCounts,
  insertRawEvents,
  postgresEvents,
  postgresPersonas,
  syncFully,
} from "./sync-fixtures";

/**
 * The sync's behaviour, from one PostgreSQL kind into one ClickHouse: the server (18.16) in
 * sync.test.ts, chdb (current ClickHouse) in sync-chdb.test.ts.
 */
export function describeSync(
  title: string,
  target: TestTarget,
  openClickHouse: () => Promise<TestClickHouse>,
  run: boolean,
): void {
  describe.skipIf(!run)(title, () => {
    let t: TestDatabase;
    let ch: TestClickHouse;

    beforeAll(async () => {
      t = await openTestDatabase(target);
      ch = await openClickHouse();
      // Servers are often created with a linguistic collation (en_US.UTF-8), which orders keys
      // unlike ClickHouse's bytes: ICU's root collation stands in for one here.
      await queryRows(
        t.db,
        sql`ALTER TABLE events ALTER COLUMN event_id TYPE text COLLATE "und-x-icu"`,
      );
      await seedTestCatalogue(t.db);
    });
    afterAll(async () => {
      await ch?.cleanup();
      await t?.cleanup();
    });

    it("copies every event once, exactly as PostgreSQL holds it, in several batches", async () => {
      await insertRawEvents(t.db, { prefix: "e", count: 2_345 });
      const first = await syncFully(t.db, ch, { batchRows: 500 });
      expect(first.events).toBe(2_345);
      expect(first.customers).toBe(50);
      expect(first.catalogueCopied).toBe(true);
      expect(await clickHouseEvents(ch)).toEqual(await postgresEvents(t.db));
      expect(await eventCounts(ch)).toEqual({ rows: 2_345, distinct: 2_345 });
    });

    it("copies nothing new when run again, and then only what was added", async () => {
      const again = await syncFully(t.db, ch, { batchRows: 500 });
      expect(again).toMatchObject({ events: 0, customers: 0, changes: 0, catalogueCopied: false });
      await insertEvents(t.db, [
        { id: "later-1", customer: "c1", touchpoint: "store", t: 10, revenue: "12.34" },
        { id: "later-2", customer: "new-customer", touchpoint: "till", t: 20, satisfaction: 5 },
      ]);
      const more = await syncFully(t.db, ch, { batchRows: 500 });
      expect(more).toMatchObject({ events: 2, customers: 1 });
      expect(await clickHouseEvents(ch)).toEqual(await postgresEvents(t.db));
      expect(await eventCounts(ch)).toEqual({ rows: 2_347, distinct: 2_347 });
    });

    it("keys that sort differently by collation or hold escaped characters resume at the right row (batches of one)", async () => {
      const ids = [
        "k-b",
        "k-B",
        "k-a",
        "k-A",
        "k-é",
        "k-e",
        "k-Z",
        "k-_",
        "k-ä",
        "k-1",
        "k-10",
        "k-9",
      ];
      await insertEvents(
        t.db,
        ids.map((id, i) => ({ id, customer: "c2", touchpoint: "ads", t: 100 + i })),
      );
      // Every row ends a batch: its key, read back from COPY's escaped text, is the next cursor.
      // "esc\t" escaped is "esc\\t", which sorts after "esc0": read back unescaped, "esc0" is lost.
      await insertRawEvents(t.db, { prefix: "ctl-", count: 10 });
      await queryRows(
        t.db,
        sql`INSERT INTO events (event_id, customer_id, touchpoint_id, stage_id, channel_id, type, occurred_at)
          SELECT k.key, c.id, tp.id, tp.stage_id, tp.channel_id, 'view', timestamptz '2021-01-05 00:00:00+00'
          FROM unnest(ARRAY['esc' || chr(9), 'esc0', 'esc' || chr(10) || 'z', 'escA', 'esc\\', 'esc\\z']) AS k(key),
            customers c, touchpoints tp
          WHERE c.external_id = 'c2' AND tp.key = 'ads'`,
      );
      const result = await syncFully(t.db, ch, { batchRows: 1 });
      expect(result.events).toBe(ids.length + 16);
      expect(await eventCounts(ch)).toEqual({ rows: 2_375, distinct: 2_375 });
      expect(await clickHouseEvents(ch)).toEqual(await postgresEvents(t.db));
    });

    it("replays a touchpoint's move to another stage and channel", async () => {
      // One ads event names its own stage: it stays where it is.
      await insertEvents(t.db, [
        { id: "own-stage", customer: "c3", touchpoint: "ads", stage: "loyalty", t: 500 },
      ]);
      await syncFully(t.db, ch);
      await updateTouchpoint(t.db, CLI_ACTOR, { key: "ads", stage: "decision", channel: "email" });
      const result = await syncFully(t.db, ch);
      expect(result.changes).toBe(2);
      expect(result.catalogueCopied).toBe(true);
      const copied = await clickHouseEvents(ch);
      expect(copied).toEqual(await postgresEvents(t.db));
      const [decision] = await queryRows<{ id: number }>(
        t.db,
        sql`SELECT id FROM stages WHERE key = 'decision'`,
      );
      const own = copied.find((e) => e.event_id === "own-stage");
      expect(own?.stage_id).not.toBe(decision?.id);
      expect(copied.filter((e) => e.stage_id === decision?.id).length).toBeGreaterThan(700);
      const [tp] = await ch.query<{ stage_id: number }>(
        chSql`SELECT stage_id FROM touchpoints WHERE key = 'ads'`,
      );
      expect(tp?.stage_id).toBe(decision?.id);
    });

    it("brings persona reassignments and attribute changes across", async () => {
      await queryRows(
        t.db,
        sql`UPDATE customers SET attributes = '{"age": 25}' WHERE external_id IN ('c1', 'c2', 'c3')`,
      );
      expect(await assignPersonas(t.db)).toBe(3);
      const result = await syncFully(t.db, ch);
      expect(result.customers).toBe(3);
      const personas = await clickHousePersonas(ch);
      expect(personas).toEqual(await postgresPersonas(t.db));
      expect(new Set(["c1", "c2", "c3"].map((c) => personas[c]))).not.toContain(0);
      // An update that changes nothing is not a new version.
      await queryRows(t.db, sql`UPDATE customers SET attributes = attributes`);
      expect((await syncFully(t.db, ch)).customers).toBe(0);
    });

    it("empties the copy after a TRUNCATE and copies what PostgreSQL holds now", async () => {
      await queryRows(t.db, sql`TRUNCATE events, customers RESTART IDENTITY CASCADE`);
      await insertRawEvents(t.db, { prefix: "after-reset-", count: 120, customers: 7 });
      const result = await syncFully(t.db, ch);
      expect(result.resets).toBeGreaterThan(0);
      expect(await eventCounts(ch)).toEqual({ rows: 120, distinct: 120 });
      expect(await clickHouseEvents(ch)).toEqual(await postgresEvents(t.db));
      expect(await clickHousePersonas(ch)).toEqual(await postgresPersonas(t.db));
    });

    it("reports the lag, and none once caught up", async () => {
      await insertRawEvents(t.db, { prefix: "lag-", count: 30, customers: 7 });
      const behind = await readSyncStatus(t.db, ch);
      expect(behind).toMatchObject({ pendingEvents: 30, pendingChanges: 0, copiedEvents: 120 });
      expect(behind.lagSeconds).toBeGreaterThanOrEqual(0);
      await syncFully(t.db, ch);
      expect(await readSyncStatus(t.db, ch)).toMatchObject({
        pendingEvents: 0,
        pendingCustomers: 0,
        pendingChanges: 0,
        lagSeconds: 0,
        copiedEvents: 150,
      });
    });

    it("fails clearly while ClickHouse is down and catches up after", async () => {
      await insertRawEvents(t.db, { prefix: "outage-", count: 40, customers: 7 });
      // A port nothing listens on: the server is down.
      const down = createClickHouse(`http://127.0.0.1:1/${ch.database}`);
      try {
        await expect(syncToClickHouse(t.db, down)).rejects.toThrow(ClickHouseUnavailableError);
        await expect(syncToClickHouse(t.db, down)).rejects.toThrow(
          /ClickHouse is not answering at http:\/\/127\.0\.0\.1:1\//,
        );
      } finally {
        await down.close();
      }
      const result = await syncFully(t.db, ch);
      expect(result.events).toBe(40);
      expect(await eventCounts(ch)).toEqual({ rows: 190, distinct: 190 });
    });
  });
}
