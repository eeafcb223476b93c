import { Readable } from "node:stream";
import { formatMessage } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importEvents } from "../src/interchange";
import { openTestDatabase, seedTestCatalogue, TEST_TARGETS, type TestDatabase } from "./helpers";

const CSV = [
  "event_id,customer_id,occurred_at,touchpoint,type,stage,channel,satisfaction,revenue,properties",
  "ok-1,c1,2024-05-01T10:00:00Z,ads,view,,,4,,",
  "bad-date,c1,1969-05-01T10:00:00Z,ads,view,,,,,",
  "bad-tp,c1,2024-05-01T10:00:00Z,nowhere,view,,,,,",
  "bad-rating,c1,2024-05-01T10:00:00Z,ads,view,,,9,,",
  "short,c1",
].join("\n");

describe.each(TEST_TARGETS)("an import's rejected rows, by code, on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  afterAll(() => t.close());

  it("gives each reason's code and column beside the English message", async () => {
    const summary = await importEvents(t.db, { input: Readable.from([CSV]), format: "csv" });
    expect(summary.accepted).toBe(1);
    const byLine = new Map(summary.errors.map((e) => [e.line, e]));
    expect(byLine.get(3)).toMatchObject({
      message: "occurred_at is before 1970",
      issues: [{ path: "occurred_at", message: { code: "before1970" } }],
    });
    expect(byLine.get(4)).toMatchObject({
      message: 'touchpoint "nowhere" is not in the catalogue',
      issues: [
        { message: { code: "notInCatalogue", params: { what: "touchpoint", key: "nowhere" } } },
      ],
    });
    expect(byLine.get(5)?.issues).toEqual([
      { path: "satisfaction", message: { code: "tooBig", params: { maximum: 5 } } },
    ]);
    expect(byLine.get(6)).toMatchObject({
      message: "has 2 fields where the header has 10",
      issues: [{ message: { code: "fieldCount", params: { count: 2, expected: 10 } } }],
    });
    // Every reason here has French words.
    for (const error of summary.errors) {
      for (const issue of error.issues ?? []) {
        expect(formatMessage("fr", issue.message)).not.toBe(formatMessage("en", issue.message));
      }
    }
  });
});
