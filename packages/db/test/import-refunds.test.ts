import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import { importEvents } from "../src/interchange";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
  withoutCodes,
} from "./helpers";

// Issue 20, item 9: a refund is its own event, of type return with negative revenue; a
// purchase with negative revenue is refused, and every rejected row names its event_id and the
// value at fault, so that the sender can find and fix it (docs/ingestion.md, docs/metrics.md).

const HEADER =
  "event_id,customer_id,occurred_at,touchpoint,type,stage,channel,satisfaction,revenue,properties";
const at = "2021-01-05T10:00:00Z";

describe.each(TEST_TARGETS)("refunds and rejected rows in an import, on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  afterAll(() => t.cleanup());

  it("refuses a negative purchase, keeps a negative return, and names event_id and value", async () => {
    const file = [
      HEADER,
      `rf-1,c1,${at},checkout,purchase,,,,59.90,`,
      `rf-2,c1,${at},checkout,purchase,,,,-20.00,`,
      `rf-3,c1,${at},delivery,return,,,,-20.00,`,
      `rf-4,c1,${at},checkout,purchase,,,,0,`,
      `rf-5,c2,${at},checkout,purchase,,,7,-1,`,
      `rf-6,c2,${at},nowhere,view,,,,,`,
      "",
    ].join("\n");
    const summary = await importEvents(t.db, { input: Readable.from([file]), format: "csv" });
    expect(withoutCodes(summary)).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: 3,
      errors: [
        {
          line: 3,
          eventId: "rf-2",
          value: "-20.00",
          message:
            "revenue is negative on a purchase: send a refund as its own event of type return, with negative revenue",
        },
        // Every problem of the row is said; the value is the first one's.
        {
          line: 6,
          eventId: "rf-5",
          value: "7",
          message:
            "satisfaction must be a whole number from 1 to 5; revenue is negative on a purchase: send a refund as its own event of type return, with negative revenue",
        },
        { line: 7, eventId: "rf-6", message: 'touchpoint "nowhere" is not in the catalogue' },
      ],
    });
    const rows = await queryRows<{ event_id: string; type: string; revenue: string }>(
      t.db,
      sql`SELECT event_id, type, revenue::text FROM events WHERE event_id LIKE 'rf-%' ORDER BY event_id`,
    );
    expect(rows).toEqual([
      { event_id: "rf-1", type: "purchase", revenue: "59.90" },
      { event_id: "rf-3", type: "return", revenue: "-20.00" },
      { event_id: "rf-4", type: "purchase", revenue: "0.00" },
    ]);
  });
});
