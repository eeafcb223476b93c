import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGLITE_BATCH_ROWS, syncToClickHouse } from "../../src/analytics/clickhouse/sync";
import { type Database, queryRows } from "../../src/client";
import { CLI_ACTOR } from "../../src/queries/audit";
import { updateTouchpoint } from "../../src/queries/catalogue-touchpoints";
import * as schema from "../../src/schema";
import { openTestDatabase, seedTestCatalogue, TEST_TARGETS, type TestDatabase } from "../helpers";
import { CLICKHOUSE_UP, openTestClickHouse, type TestClickHouse } from "./helpers";
import {
  clickHouseEvents,
  eventCounts,
  insertRawEvents,
  postgresEvents,
  syncFully,
  syncUntil,
} from "./sync-fixtures";
import { describeSync } from "./sync-suite";

for (const target of TEST_TARGETS) {
  describeSync(
    `ClickHouse sync from ${target} into ClickHouse 18.16`,
    target,
    () => openTestClickHouse(),
    CLICKHOUSE_UP,
  );
}

describe.skipIf(!CLICKHOUSE_UP || !TEST_TARGETS.includes("postgres"))(
  "ClickHouse sync with transactions committing out of order (PostgreSQL)",
  () => {
    let t: TestDatabase;
    let ch: TestClickHouse;
    let a: postgres.Sql;
    let b: postgres.Sql;

    beforeAll(async () => {
      t = await openTestDatabase("postgres");
      ch = await openTestClickHouse();
      await seedTestCatalogue(t.db);
      await insertRawEvents(t.db, { prefix: "base-", count: 10 });
      const [db] = await queryRows<{ name: string }>(t.db, sql`SELECT current_database() AS name`);
      const server = new URL(process.env.DATABASE_URL ?? "");
      server.pathname = `/${db?.name}`;
      a = postgres(server.toString(), { max: 1, onnotice: () => {} });
      b = postgres(server.toString(), { max: 1, onnotice: () => {} });
    });
    afterAll(async () => {
      await a?.end();
      await b?.end();
      await ch?.cleanup();
      await t?.cleanup();
    });

    const insertOne = (s: postgres.Sql | postgres.TransactionSql, id: string) =>
      s`INSERT INTO events (event_id, customer_id, touchpoint_id, stage_id, channel_id, type, occurred_at)
        SELECT ${id}, c.id, tp.id, tp.stage_id, tp.channel_id, 'view', now()
        FROM customers c, touchpoints tp WHERE c.external_id = 'c1' AND tp.key = 'store'`;

    it("does not skip the rows of a transaction that started first but committed last", async () => {
      await syncFully(t.db, ch);
      let releaseEarly = () => {};
      const early = new Promise<void>((resolve) => (releaseEarly = resolve));
      let earlyInserted = () => {};
      const inserted = new Promise<void>((resolve) => (earlyInserted = resolve));
      // The early transaction takes its xid first and stays open.
      const earlyTx = a.begin(async (tx) => {
        await insertOne(tx, "early");
        earlyInserted();
        await early;
      });
      try {
        await inserted;
        await b.begin((tx) => insertOne(tx, "late"));
        const [xids] = await b<{ early: string; late: string }[]>`
          SELECT (SELECT sync_xid::text FROM events WHERE event_id = 'late') AS late,
                 pg_snapshot_xmin(pg_current_snapshot())::text AS early`;
        expect(BigInt(xids?.late ?? 0)).toBeGreaterThan(BigInt(xids?.early ?? 0));
        // The later transaction has committed, but a row of an earlier one may still come:
        // nothing past it is copied yet.
        expect((await syncToClickHouse(t.db, ch)).events).toBe(0);
      } finally {
        releaseEarly();
        await earlyTx;
      }
      expect((await syncFully(t.db, ch)).events).toBe(2);
      expect(await eventCounts(ch)).toEqual({ rows: 12, distinct: 12 });
      expect(await clickHouseEvents(ch)).toEqual(await postgresEvents(t.db));
    });

    it("moves only the rows the moving UPDATE could see, even when they were copied first", async () => {
      // READ COMMITTED: a move does not see an event inserted by a transaction still open when
      // it runs, and PostgreSQL keeps that event's stage. Here the event is even copied to
      // ClickHouse before the move commits, so a replay that moved every matching row there
      // would move it too.
      let releaseInsert = () => {};
      const insertOpen = new Promise<void>((resolve) => (releaseInsert = resolve));
      let signalInserted = () => {};
      const inserted = new Promise<void>((resolve) => (signalInserted = resolve));
      const insertTx = a.begin(async (tx) => {
        await insertOne(tx, "unseen-by-move");
        signalInserted();
        await insertOpen;
      });
      let releaseMove = () => {};
      const moveOpen = new Promise<void>((resolve) => (releaseMove = resolve));
      let signalMoved = () => {};
      const moved = new Promise<void>((resolve) => (signalMoved = resolve));
      let moveTx: Promise<void> | undefined;
      try {
        await inserted;
        const moverDb = drizzle(b, { schema, casing: "snake_case" }) as unknown as Database;
        moveTx = moverDb.transaction(async (tx) => {
          await updateTouchpoint(tx as unknown as Database, CLI_ACTOR, {
            key: "store",
            stage: "loyalty",
          });
          signalMoved();
          await moveOpen;
        });
        await moved;
        releaseInsert();
        await insertTx;
        // The insert has committed, the move has not: the event is copied with its old stage.
        await syncUntil(t.db, ch, async () =>
          (await clickHouseEvents(ch)).some((e) => e.event_id === "unseen-by-move"),
        );
      } finally {
        releaseInsert();
        releaseMove();
        await insertTx;
        await moveTx;
      }
      expect((await syncFully(t.db, ch)).changes).toBe(1);

      const pg = await postgresEvents(t.db);
      const unseen = pg.find((e) => e.event_id === "unseen-by-move");
      const seen = pg.find((e) => e.event_id === "late");
      expect(unseen).toBeDefined();
      expect(seen).toBeDefined();
      expect(unseen?.stage_id).not.toBe(seen?.stage_id);
      expect(await clickHouseEvents(ch)).toEqual(pg);
    });
  },
);

describe.skipIf(!CLICKHOUSE_UP)("ClickHouse sync batch size on PGlite", () => {
  it("copies in batches of PGLITE_BATCH_ROWS unless told otherwise", async () => {
    const t = await openTestDatabase("pglite");
    const ch = await openTestClickHouse();
    try {
      await seedTestCatalogue(t.db);
      await insertRawEvents(t.db, { prefix: "b", count: PGLITE_BATCH_ROWS + 345 });
      const seen: number[] = [];
      await syncToClickHouse(t.db, ch, {
        onProgress: (p) => {
          if (p.events > (seen.at(-1) ?? 0)) seen.push(p.events);
        },
      });
      // One app query at a time on PGlite: a catch-up must not hold it for 100,000 rows.
      expect(seen).toEqual([PGLITE_BATCH_ROWS, PGLITE_BATCH_ROWS + 345]);
    } finally {
      await ch.cleanup();
      await t.cleanup();
    }
  });
});
