import { Readable } from "node:stream";
import { type TEventInput, ZEventInputSchema } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import { classifyDatabaseError } from "../src/database-errors";
import { EventIngestor, IngestInterruptedError } from "../src/ingest";
import { ImportInterruptedError, importEvents } from "../src/interchange";
import { connectionRefusedError, failInsertsFrom, withFaults } from "./faults";
import {
  at,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

const event = (id: string, extra: Partial<TEventInput> = {}) =>
  ZEventInputSchema.parse({
    eventId: id,
    customerId: `cust-${id}`,
    occurredAt: at(0),
    touchpoint: "website",
    type: "view",
    ...extra,
  });

/**
 * A rule of the database that the validators do not know, as a stand-in for the ones nobody
 * foresaw: an event of type `refused_by_db` breaks a check constraint (23514).
 */
const REFUSED = { type: "refused_by_db" };

describe.each(TEST_TARGETS)("ingestion when the database fails, on %s", (target) => {
  let t: TestDatabase;
  let refused: unknown;

  const stored = async (prefix: string) =>
    (
      await queryRows<{ event_id: string }>(
        t.db,
        sql`SELECT event_id FROM events WHERE event_id LIKE ${`${prefix}%`} ORDER BY event_id`,
      )
    ).map((r) => r.event_id);

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await queryRows(
      t.db,
      sql`ALTER TABLE events ADD CONSTRAINT test_refused CHECK (type <> 'refused_by_db')`,
    );
    refused = await connectionRefusedError();
  });
  afterAll(() => t.cleanup());

  it("a row the database refuses for its own values is rejected with the server's reason; the others are stored", async () => {
    const result = await new EventIngestor(t.db).ingest([
      event("own-1"),
      event("own-2", REFUSED),
      event("own-3"),
    ]);
    expect(result).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(result.rejected).toEqual([
      {
        index: 1,
        errors: [expect.stringMatching(/^rejected by the database: .*"test_refused"/)],
      },
    ]);
    expect(result.rejected[0]?.errors[0]).not.toMatch(/INSERT|Failed query/);
    expect(await stored("own-")).toEqual(["own-1", "own-3"]);
  });

  it("an outage on the batch insert throws (nothing claimed stored) instead of rejecting every event", async () => {
    const db = withFaults(
      t.db,
      failInsertsFrom("events", 1, () => refused),
    );
    const error = await new EventIngestor(db)
      .ingest([event("down-1"), event("down-2")])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestInterruptedError);
    expect((error as IngestInterruptedError).committed.accepted).toBe(0);
    expect((error as Error).message).toBe(
      "ingestion stopped after 0 events were stored: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1",
    );
    expect(classifyDatabaseError(error)).toBe("unavailable");
    expect(await stored("down-")).toEqual([]);
  });

  it("an outage during the row-by-row retry throws with the rows stored before it: [ok, refused, ok←outage, ok] → 1 committed", async () => {
    // Inserts: 1 the batch (refused: 23514), 2 mid-1, 3 mid-2 (23514), 4 mid-3 ← outage.
    const db = withFaults(
      t.db,
      failInsertsFrom("events", 4, () => refused),
    );
    const error = await new EventIngestor(db)
      .ingest([event("mid-1"), event("mid-2", REFUSED), event("mid-3"), event("mid-4")])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestInterruptedError);
    expect((error as IngestInterruptedError).committed).toMatchObject({ accepted: 1 });
    expect(classifyDatabaseError(error)).toBe("unavailable");
    expect(await stored("mid-")).toEqual(["mid-1"]);
  });

  it("a bug (not the row's fault) during the row-by-row retry is not reported as a rejected row either", async () => {
    const bug = Object.assign(new Error("relation does not exist"), { code: "42P01" });
    const db = withFaults(
      t.db,
      failInsertsFrom("events", 2, () => bug),
    );
    const error = await new EventIngestor(db)
      .ingest([event("bug-1", REFUSED), event("bug-2")])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestInterruptedError);
    expect(classifyDatabaseError(error)).toBe("other");
  });

  it("inside a transaction, a refused row is rolled back alone (savepoint) and the rest commits with the transaction", async () => {
    const result = await t.db.transaction((tx) =>
      new EventIngestor(tx).ingest([event("tx-1"), event("tx-2", REFUSED), event("tx-3")]),
    );
    expect(result).toMatchObject({ accepted: 2, rejected: [{ index: 1 }] });
    expect(await stored("tx-")).toEqual(["tx-1", "tx-3"]);
  });

  describe("file imports", () => {
    /** 30 good rows, e<k> of customer c<k mod 7>. */
    const file = () =>
      [
        "event_id,customer_id,occurred_at,touchpoint,type",
        ...Array.from(
          { length: 30 },
          (_, i) => `imp-${i + 1},c${(i + 1) % 7},${at(i)},website,view`,
        ),
      ].join("\n");

    /** Events of the file stored by the interrupted import, for the second test. */
    let storedBefore = 0;

    it("an outage from the 3rd insert on stops the import: it throws, counting exactly what was stored", async () => {
      const db = withFaults(
        t.db,
        failInsertsFrom("events", 3, () => refused),
      );
      const progress: number[] = [];
      const error = await importEvents(db, {
        input: Readable.from([file()]),
        format: "csv",
        batchSize: 4,
        onProgress: (p) => progress.push(p.accepted),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportInterruptedError);
      const { summary, message } = error as ImportInterruptedError;
      storedBefore = (await stored("imp-")).length;
      // Two inserts of 4 rows get through when the 3 batches in flight reach the database in
      // file order; whatever the order, the count is what the database holds.
      expect(storedBefore).toBeGreaterThan(0);
      expect(storedBefore).toBeLessThanOrEqual(8);
      expect(summary.accepted).toBe(storedBefore);
      expect(progress.at(-1)).toBe(storedBefore);
      expect(message).toMatch(
        new RegExp(
          `^the database became unavailable \\(ECONNREFUSED.*\\) after ${storedBefore} events were stored; import the file again`,
        ),
      );
      expect(classifyDatabaseError(error)).toBe("unavailable");
    });

    it("importing the file again once the database is back stores the rest; what was stored counts as duplicates", async () => {
      const summary = await importEvents(t.db, {
        input: Readable.from([file()]),
        format: "csv",
        batchSize: 4,
      });
      expect(summary).toMatchObject({
        accepted: 30 - storedBefore,
        duplicates: storedBefore,
        rejected: 0,
      });
      expect(await stored("imp-")).toHaveLength(30);
    });
  });
});
