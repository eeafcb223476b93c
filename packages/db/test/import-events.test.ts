import { Readable } from "node:stream";
import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importEvents } from "../src/interchange";
import { customers, events } from "../src/schema";
import {
  at,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

const HEADER =
  "event_id,customer_id,occurred_at,touchpoint,type,stage,channel,satisfaction,revenue";

/**
 * 30 data rows (file lines 2–31) over 10 customers: row k (1-based) is event e<k> of customer
 * c<k mod 10>, except that rows 5, 12, 19 and 26 are bad (rating 9, unknown touchpoint, a
 * date that is not one, no customer) and rows 28–30 repeat e1, e2 and e3.
 */
function file(): string {
  const lines = [HEADER];
  for (let k = 1; k <= 30; k++) {
    const id = k >= 28 ? `e${k - 27}` : `e${k}`;
    const customer = `c${k % 10}`;
    let row = `${id},${customer},${at(k * 60)},website,view,,,4,`;
    if (k === 5) row = `${id},${customer},${at(k * 60)},website,view,,,9,`;
    if (k === 12) row = `${id},${customer},${at(k * 60)},teleport,view,,,,`;
    if (k === 19) row = `${id},${customer},yesterday,website,view,,,,`;
    if (k === 26) row = `${id},,${at(k * 60)},website,view,,,,`;
    lines.push(row);
  }
  return `${lines.join("\n")}\n`;
}

describe.each(TEST_TARGETS)("importEvents with several batches in flight, on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  afterAll(() => t.cleanup());

  it("batches of 4 (8 of them, 3 stored at a time): 23 accepted, 3 duplicates, 4 rejected in line order", async () => {
    const progress: number[] = [];
    const summary = await importEvents(t.db, {
      input: Readable.from([file()]),
      format: "csv",
      batchSize: 4,
      onProgress: (p) => progress.push(p.accepted + p.rejected),
    });
    // 30 rows − 4 bad − 3 repeats of e1..e3 = 23 distinct good events.
    expect(summary.accepted).toBe(23);
    expect(summary.duplicates).toBe(3);
    expect(summary.rejected).toBe(4);
    // Data row k is on file line k + 1.
    expect(summary.errors.map((e) => e.line)).toEqual([6, 13, 20, 27]);
    expect(summary.errors[1]?.message).toContain('touchpoint "teleport"');
    // One progress report per batch of 4 rows (30 rows: 8 batches), the last with every row.
    expect(progress).toHaveLength(8);
    expect(progress.at(-1)).toBe(27);

    const [stored] = await t.db.select({ n: count() }).from(events);
    expect(stored?.n).toBe(23);
    // Each customer exists once, whichever batch saw it first: c0..c9.
    const ids = await t.db
      .select({ id: customers.externalId })
      .from(customers)
      .orderBy(asc(customers.externalId));
    expect(ids.map((r) => r.id)).toEqual([
      "c0",
      "c1",
      "c2",
      "c3",
      "c4",
      "c5",
      "c6",
      "c7",
      "c8",
      "c9",
    ]);
    // e1 keeps its first copy's customer (row 1 → c1), not row 28's (c8).
    const [e1] = await t.db
      .select({ customer: customers.externalId })
      .from(events)
      .innerJoin(customers, eq(customers.id, events.customerId))
      .where(eq(events.eventId, "e1"));
    expect(e1?.customer).toBe("c1");
  });

  it("the same file again adds nothing: 0 accepted, 26 duplicates, the same 4 rejected", async () => {
    const summary = await importEvents(t.db, {
      input: Readable.from([file()]),
      format: "csv",
      batchSize: 4,
    });
    expect(summary).toMatchObject({ accepted: 0, duplicates: 26, rejected: 4 });
    const [stored] = await t.db.select({ n: count() }).from(events);
    expect(stored?.n).toBe(23);
  });
});
