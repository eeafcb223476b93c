import { Readable } from "node:stream";
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportEvents, importEvents, type Output } from "../src/interchange";
import { customers, events } from "../src/schema";
import {
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "./helpers";

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

async function exportCsv(t: TestDatabase): Promise<string> {
  const output = memoryOutput();
  await exportEvents(t.db, output, { format: "csv" });
  return output.text();
}

describe.each(TEST_TARGETS)("CSV export of client-sent ids, on %s", (target) => {
  let source: TestDatabase;
  let copy: TestDatabase;

  beforeAll(async () => {
    [source, copy] = await Promise.all([openTestDatabase(target), openTestDatabase(target)]);
    await Promise.all([seedTestCatalogue(source.db), seedTestCatalogue(copy.db)]);
    await insertEvents(source.db, [
      {
        id: '=HYPERLINK("http://evil.example","x")',
        customer: "+33 6 12",
        touchpoint: "website",
        t: 1,
      },
      { id: "-2+3+cmd|' /C calc'!A0", customer: "@SUM(A1)", touchpoint: "website", t: 2 },
      { id: "'=already quoted", customer: "'plain", touchpoint: "website", t: 3 },
      { id: "-5", customer: "c1", touchpoint: "checkout", t: 4, revenue: "-20.00" },
    ]);
  });
  afterAll(async () => {
    await Promise.all([source?.cleanup(), copy?.cleanup()]);
  });

  it("writes formula-like ids as text (leading apostrophe), negative numbers as numbers", async () => {
    const lines = (await exportCsv(source)).split("\n");
    expect(lines[1]).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")",'+33 6 12,2021-01-04T00:00:01.000Z,website,view,,,,,,`,
    );
    expect(lines[2]).toBe(
      "'-2+3+cmd|' /C calc'!A0,'@SUM(A1),2021-01-04T00:00:02.000Z,website,view,,,,,,",
    );
    expect(lines[3]).toBe("''=already quoted,'plain,2021-01-04T00:00:03.000Z,website,view,,,,,,");
    expect(lines[4]).toBe("-5,c1,2021-01-04T00:00:04.000Z,checkout,view,,,,-20.00,,");
  });

  it("imports back to the same ids and revenue, and exports byte-identical again", async () => {
    const csv = await exportCsv(source);
    const summary = await importEvents(copy.db, { input: Readable.from([csv]), format: "csv" });
    expect(summary).toMatchObject({ accepted: 4, duplicates: 0, rejected: 0 });
    const ids = (db: TestDatabase["db"]) =>
      db
        .select({ event: events.eventId, revenue: events.revenue })
        .from(events)
        .orderBy(asc(events.occurredAt));
    expect(await ids(copy.db)).toEqual(await ids(source.db));
    expect((await ids(copy.db)).map((row) => row.event)).toEqual([
      '=HYPERLINK("http://evil.example","x")',
      "-2+3+cmd|' /C calc'!A0",
      "'=already quoted",
      "-5",
    ]);
    const customerIds = await copy.db
      .select({ id: customers.externalId })
      .from(customers)
      .orderBy(asc(customers.externalId));
    expect(customerIds.map((c) => c.id).sort()).toEqual(
      ["'plain", "+33 6 12", "@SUM(A1)", "c1"].sort(),
    );
    expect(await exportCsv(copy)).toBe(csv);
  });
});
