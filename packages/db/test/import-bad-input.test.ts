import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import { importEvents } from "../src/interchange";
import { csvRows } from "../src/interchange/csv-rows";
import { utf8Lines } from "../src/interchange/utf8-lines";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
  withoutCodes,
} from "./helpers";

const HEADER = "event_id,customer_id,occurred_at,touchpoint,type,properties";
const NUL = "\u0000";
/** A Latin-1 "é": one byte that is not UTF-8 on its own. */
const LATIN1_E = Buffer.from([0xe9]);

async function lines(chunks: (string | Buffer)[]) {
  const out = [];
  for await (const line of utf8Lines(Readable.from(chunks))) out.push(line);
  return out;
}

async function readlineLines(text: string) {
  const out = [];
  const input = Readable.from([text]);
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    out.push({ text: line, utf8: true });
  }
  return out;
}

describe("utf8Lines", () => {
  it.each([
    "a\nb\r\nc\rd",
    "a\n\n\r\n\r\rb\n",
    "\r\n",
    "é,ü\r\n日本\r",
    "\uFEFFx\ny",
    "",
    "no break",
  ])("splits %j as readline does, at every chunk boundary", async (text) => {
    const expected = await readlineLines(text);
    const bytes = Buffer.from(text, "utf8");
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await lines([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
    expect(await lines([...bytes].map((b) => Buffer.from([b])))).toEqual(expected);
  });

  it("marks the lines that are not UTF-8 and reads the others", async () => {
    expect(
      await lines([Buffer.concat([Buffer.from("ok\ncaf"), LATIN1_E, Buffer.from("\r\nfin\n")])]),
    ).toEqual([
      { text: "ok", utf8: true },
      { text: "caf\uFFFD", utf8: false },
      { text: "fin", utf8: true },
    ]);
  });

  it("keeps a character split across chunks whole", async () => {
    const bytes = Buffer.from("日本\n", "utf8");
    expect(await lines([bytes.subarray(0, 2), bytes.subarray(2, 4), bytes.subarray(4)])).toEqual([
      { text: "日本", utf8: true },
    ]);
  });
});

describe("csvRows on bytes that are not UTF-8", () => {
  it("rejects the row, a quoted value over several lines included, and reads the rest", async () => {
    const input = Buffer.concat([
      Buffer.from('a,b\n"multi\nline caf'),
      LATIN1_E,
      Buffer.from('",x\nok,1\n'),
    ]);
    const rows = [];
    for await (const row of csvRows(Readable.from([input]))) rows.push(row);
    expect(rows).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, error: "line 3 is not valid UTF-8 text (save the file as UTF-8)" },
      { line: 4, fields: ["ok", "1"] },
    ]);
  });
});

describe.each(TEST_TARGETS)("importing text PostgreSQL cannot store, on %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  afterAll(() => t.cleanup());

  const stored = async (prefix: string) =>
    queryRows<{ event_id: string; properties: Record<string, unknown> }>(
      t.db,
      sql`SELECT event_id, properties FROM events WHERE event_id LIKE ${`${prefix}%`}
          ORDER BY event_id`,
    );

  it("CSV: rows with NUL or bytes that are not UTF-8 are rejected by line; the others are stored", async () => {
    const when = "2021-01-05T10:00:00Z";
    const file = Buffer.concat([
      Buffer.from(
        [
          HEADER,
          `csv-1,c1,${when},website,view,`,
          `csv-2${NUL},c1,${when},website,view,`,
          `csv-3,c${NUL}1,${when},website,view,`,
          `csv-4,c1,${when},website,view,"{""note"": ""a\\u0000b""}"`,
          "",
        ].join("\n"),
      ),
      Buffer.from(`csv-5,caf`),
      LATIN1_E,
      Buffer.from(`,${when},website,view,\ncsv-6,c1,${when},website,view,\n`),
    ]);
    const summary = await importEvents(t.db, { input: Readable.from([file]), format: "csv" });
    expect(withoutCodes(summary)).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: 4,
      errors: [
        // The event_id and the value the problem is about (issue 20, item 9); a refused
        // event_id is the value, and properties are named by their path instead.
        {
          line: 3,
          value: `csv-2${NUL}`,
          message: "event_id must not contain the NUL character (\\u0000)",
        },
        {
          line: 4,
          eventId: "csv-3",
          value: `c${NUL}1`,
          message: "customer_id must not contain the NUL character (\\u0000)",
        },
        {
          line: 5,
          eventId: "csv-4",
          message: "properties.note must not contain the NUL character (\\u0000)",
        },
        {
          line: 6,
          message: "unparsable CSV: line 6 is not valid UTF-8 text (save the file as UTF-8)",
        },
      ],
    });
    expect((await stored("csv-")).map((r) => r.event_id)).toEqual(["csv-1", "csv-6"]);
  });

  it("NDJSON: NUL, bytes that are not UTF-8, overflowing numbers, deep nesting and ids past 2^53 are rejected by line; __proto__ is stored", async () => {
    const base =
      '"customer_id":"c2","occurred_at":"2021-01-05T10:00:00Z","touchpoint":"website","type":"view"';
    const deep = `${'{"a":'.repeat(40)}1${"}".repeat(40)}`;
    const file = Buffer.concat([
      Buffer.from(
        [
          `{"event_id":"nd-1",${base},"properties":{"__proto__":{"x":1},"sku":"A1"}}`,
          `{"event_id":"nd-2\\u0000",${base}}`,
          `{"event_id":"nd-3",${base},"properties":{"price":1e309}}`,
          `{"event_id":"nd-4",${base},"properties":${deep}}`,
          `{"event_id":12345678901234567890,${base}}`,
          `{"event_id":"nd-6",${base},"properties":{"k\\u0000":1}}`,
          "",
        ].join("\n"),
      ),
      Buffer.from('{"event_id":"nd-7","customer_id":"caf'),
      LATIN1_E,
      Buffer.from(`","occurred_at":"2021-01-05T10:00:00Z","touchpoint":"website","type":"view"}\n`),
    ]);
    const summary = await importEvents(t.db, { input: Readable.from([file]), format: "ndjson" });
    expect(summary.accepted).toBe(1);
    expect(withoutCodes(summary).errors).toEqual([
      {
        line: 2,
        value: `nd-2${NUL}`,
        message: "event_id must not contain the NUL character (\\u0000)",
      },
      {
        line: 3,
        eventId: "nd-3",
        message:
          "properties.price is a number too large to store (at most ±1.7976931348623157e308)",
      },
      {
        line: 4,
        eventId: "nd-4",
        message: expect.stringMatching(/^properties\.a\.a\..* nests deeper than 32/),
      },
      { line: 5, message: "event_id is a number JSON cannot carry exactly; write it as text" },
      {
        line: 6,
        eventId: "nd-6",
        message: "properties has a key that contains the NUL character (\\u0000)",
      },
      { line: 7, message: "the line is not valid UTF-8 text (save the file as UTF-8)" },
    ]);
    const [row] = await stored("nd-");
    expect(row?.event_id).toBe("nd-1");
    expect(Object.keys(row?.properties ?? {}).sort()).toEqual(["__proto__", "sku"]);
    expect(JSON.stringify(row?.properties)).toContain('"__proto__":{"x":1}');
  });
});
