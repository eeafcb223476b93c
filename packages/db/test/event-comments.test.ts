import { Readable } from "node:stream";
import { ZApiEventSchema } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import { EventIngestor } from "../src/ingest";
import { segmentToEvent } from "../src/ingest/segment";
import { exportEvents, importEvents, type Output } from "../src/interchange";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
  withoutCodes,
} from "./helpers";

// Issue 17 item 4: a free-text comment travels with a rating, through the interchange column
// `comment`, Segment's `feedback`/`comment` property and the batch API's `comment` field; it is
// limited to 2,000 characters, stored, and exported as it came in.

const HEADER = "event_id,customer_id,occurred_at,touchpoint,type,satisfaction,comment";
const at = "2021-01-05T10:00:00Z";

function memoryOutput(): Output & { text: () => string } {
  const chunks: string[] = [];
  return {
    write: async (chunk) => {
      chunks.push(chunk);
    },
    close: async () => {},
    abort: async () => {},
    text: () => chunks.join(""),
  };
}

describe.each(TEST_TARGETS)("feedback comments, on %s", (target) => {
  let t: TestDatabase;
  let copy: TestDatabase;
  beforeAll(async () => {
    [t, copy] = await Promise.all([openTestDatabase(target), openTestDatabase(target)]);
    await Promise.all([seedTestCatalogue(t.db), seedTestCatalogue(copy.db)]);
  });
  afterAll(async () => {
    await Promise.all([t.cleanup(), copy.cleanup()]);
  });

  it("stores a file's comments trimmed, a blank one as none, and refuses one over the limit", async () => {
    const file = [
      HEADER,
      `cm-1,c1,${at},checkout,purchase,2,"  Waited 20 minutes, nobody at the desk  "`,
      `cm-2,c1,${at},checkout,view,4,`,
      `cm-3,c2,${at},checkout,view,1,"   "`,
      `cm-4,c2,${at},checkout,view,1,${"x".repeat(2001)}`,
      `cm-5,c2,${at},checkout,view,5,"=SUM(A1) « très bien »"`,
      "",
    ].join("\n");
    const summary = await importEvents(t.db, { input: Readable.from([file]), format: "csv" });
    expect(summary.accepted).toBe(4);
    expect(withoutCodes(summary).errors).toEqual([
      {
        line: 5,
        eventId: "cm-4",
        value: `${"x".repeat(199)}…`,
        message: "comment is longer than 2,000 characters",
      },
    ]);
    const rows = await queryRows<{ event_id: string; comment: string | null }>(
      t.db,
      sql`SELECT event_id, comment FROM events WHERE event_id LIKE 'cm-%' ORDER BY event_id`,
    );
    expect(rows).toEqual([
      { event_id: "cm-1", comment: "Waited 20 minutes, nobody at the desk" },
      { event_id: "cm-2", comment: null },
      { event_id: "cm-3", comment: null },
      { event_id: "cm-5", comment: "=SUM(A1) « très bien »" },
    ]);
  });

  it("exports comments as the last column and reads them back unchanged, formula guard included", async () => {
    const output = memoryOutput();
    await exportEvents(t.db, output, { format: "csv" });
    const text = output.text();
    const [header] = text.split("\n");
    expect(header?.endsWith(",properties,comment")).toBe(true);
    expect(text).toContain(`,"Waited 20 minutes, nobody at the desk"\n`);
    // A spreadsheet must not run a comment: the export guards it, the import takes it off.
    expect(text).toContain(",'=SUM(A1) « très bien »\n");

    const back = await importEvents(copy.db, { input: Readable.from([text]), format: "csv" });
    expect(back).toMatchObject({ accepted: 4, rejected: 0 });
    const rows = await queryRows<{ event_id: string; comment: string | null }>(
      copy.db,
      sql`SELECT event_id, comment FROM events ORDER BY event_id`,
    );
    expect(rows.map((r) => r.comment)).toEqual([
      "Waited 20 minutes, nobody at the desk",
      null,
      null,
      "=SUM(A1) « très bien »",
    ]);

    const ndjson = memoryOutput();
    await exportEvents(t.db, ndjson, { format: "ndjson" });
    const first = JSON.parse(ndjson.text().split("\n")[0] ?? "{}") as Record<string, unknown>;
    expect(first.comment).toBe("Waited 20 minutes, nobody at the desk");
  });

  it("takes the batch API's comment field, and names it when it is not text", async () => {
    const ok = ZApiEventSchema.safeParse({
      eventId: "api-1",
      customerId: "c3",
      occurredAt: at,
      touchpoint: "checkout",
      type: "review",
      satisfaction: 2,
      comment: "Le vendeur ne connaissait pas le produit",
    });
    expect(ok.success).toBe(true);
    if (!ok.success) return;
    const result = await new EventIngestor(t.db).ingest([ok.data]);
    expect(result.accepted).toBe(1);
    const [row] = await queryRows<{ comment: string }>(
      t.db,
      sql`SELECT comment FROM events WHERE event_id = 'api-1'`,
    );
    expect(row?.comment).toBe("Le vendeur ne connaissait pas le produit");

    const bad = ZApiEventSchema.safeParse({
      eventId: "api-2",
      customerId: "c3",
      occurredAt: at,
      touchpoint: "checkout",
      type: "review",
      comment: 42,
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["comment", "must be text"],
    ]);
  });
});

describe("Segment messages' comments", () => {
  const mapping = { touchpoint: "review_site", type: "review" };
  const received = new Date("2021-01-05T10:00:00Z");

  it("takes `feedback`, else `comment`, when it is text", () => {
    const message = (properties: Record<string, unknown>) =>
      segmentToEvent(
        { type: "track", event: "Product Reviewed", messageId: "m1", userId: "u1", properties },
        mapping,
        received,
      );
    expect(message({ feedback: "Too slow", comment: "ignored", rating: 2 }).comment).toBe(
      "Too slow",
    );
    expect(message({ comment: "Great staff", rating: 5 }).comment).toBe("Great staff");
    // A number is not a comment; the event is kept without one rather than refused.
    expect(message({ feedback: 3, rating: 3 }).comment).toBeUndefined();
  });
});
