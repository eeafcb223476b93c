import { Readable } from "node:stream";
import { formatMessage } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import { importSpend } from "../src/interchange";
import { CLI_ACTOR } from "../src/queries/audit";
import { readDataVersion } from "../src/queries/data-version";
import { DomainError } from "../src/queries/errors";
import { deleteSpend, listSpendByMonth } from "../src/queries/spend";
import { openTestDatabase, seedTestCatalogue, TEST_TARGETS, type TestDatabase } from "./helpers";

const csv = (...rows: string[]) => ["date,channel,amount", ...rows].join("\n");

async function refusal(t: TestDatabase, text: string): Promise<string[]> {
  try {
    await importSpend(t.db, CLI_ACTOR, text);
  } catch (error) {
    if (error instanceof DomainError) return error.problems.map((p) => formatMessage("en", p));
    throw error;
  }
  throw new Error("the import was not refused");
}

describe.each(TEST_TARGETS)("importSpend on %s", (target) => {
  let t: TestDatabase;
  const stored = async () =>
    (
      await queryRows<{ day: string; channel: string; cents: string | number }>(
        t.db,
        sql`SELECT s.day::text AS day, c.key AS channel, s.amount_cents AS cents
          FROM channel_spend s JOIN channels c ON c.id = s.channel_id ORDER BY 1, 2`,
      )
    ).map((r) => `${r.day} ${r.channel} ${Number(r.cents)}`);

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
  });
  beforeEach(async () => {
    await t.db.execute(sql`DELETE FROM channel_spend`);
  });
  afterAll(() => t.cleanup());

  it("stores every row and answers rows, days, channels and the total in cents", async () => {
    const summary = await importSpend(
      t.db,
      CLI_ACTOR,
      csv("2026-01-01,web,10.5", '2026-01-01,email,"2,25"', "2026-01-02,web,0", "2026-01-31,web,7"),
    );
    expect(summary).toEqual({
      rows: 4,
      days: 3,
      channels: 2,
      totalCents: 1_050 + 225 + 0 + 700,
      firstDay: "2026-01-01",
      lastDay: "2026-01-31",
    });
    expect(await stored()).toEqual([
      "2026-01-01 email 225",
      "2026-01-01 web 1050",
      "2026-01-02 web 0",
      "2026-01-31 web 700",
    ]);
  });

  it("accepts day for date, columns in any order, a BOM, CRLF and blank lines; a stream too", async () => {
    const text = "\uFEFFamount,Day,channel\r\n12.00,2026-02-01,app\r\n\r\n3,2026-02-02,store\r\n";
    await importSpend(t.db, CLI_ACTOR, Readable.from([Buffer.from(text)]));
    expect(await stored()).toEqual(["2026-02-01 app 1200", "2026-02-02 store 300"]);
  });

  it("importing a day and channel again replaces its amount, and advances the data version", async () => {
    await importSpend(t.db, CLI_ACTOR, csv("2026-03-01,web,10", "2026-03-02,web,20"));
    const before = await readDataVersion(t.db);
    await importSpend(t.db, CLI_ACTOR, csv("2026-03-02,web,25.10"));
    expect(await readDataVersion(t.db)).not.toBe(before);
    expect(await stored()).toEqual(["2026-03-01 web 1000", "2026-03-02 web 2510"]);
  });

  it("refuses each bad row kind with its line and stores nothing (the good rows neither)", async () => {
    await importSpend(t.db, CLI_ACTOR, csv("2025-12-31,web,1"));
    const messages = await refusal(
      t,
      csv(
        "2026-04-01,web,10",
        "2026-02-30,web,10",
        "2026-04-02,tv,10",
        "2026-04-03,web,-5",
        "2026-04-04,web,12€",
        "2026-04-05,web,1.234",
        "2026-04-06,web",
        "2026-04-01,web,11",
        '2026-04-07,web,"1',
      ),
    );
    expect(messages).toEqual([
      "line 3: “2026-02-30” is not a date written YYYY-MM-DD",
      "line 4: no channel with the key “tv” in the catalogue",
      "line 5: the amount -5 is negative",
      "line 6: “12€” is not an amount (digits with at most 2 decimals after . or , and no currency)",
      "line 7: “1.234” is not an amount (digits with at most 2 decimals after . or , and no currency)",
      "line 8: 2 values where 3 are expected (date, channel, amount)",
      "line 9: the day 2026-04-01 and channel web are already on line 2",
      expect.stringMatching(/^line 10: not a CSV row \(a quoted value opened on this line/),
    ]);
    expect(await stored()).toEqual(["2025-12-31 web 100"]);
  });

  it("refuses a file without the header, an empty one, and one over the size limit", async () => {
    expect(await refusal(t, "day,channel,cost\n2026-01-01,web,1")).toEqual([
      "the first line must name the columns date (or day), channel and amount; found: day,channel,cost",
    ]);
    expect(await refusal(t, "date,channel,amount\n")).toEqual([
      "the file has no spend rows after its header",
    ]);
    expect(await refusal(t, "")).toEqual(["the file has no spend rows after its header"]);
    expect(await refusal(t, csv(...Array(30_000).fill("2026-01-01,web,1")))).toEqual([
      "the file is over the limit of 500,000 characters",
    ]);
    expect(await stored()).toEqual([]);
  });

  it("lists the first 50 problems and counts the rest", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `2026-01-01,tv${i},1`);
    const messages = await refusal(t, csv(...rows));
    expect(messages).toHaveLength(51);
    expect(messages[50]).toBe("and 10 more lines with errors");
  });

  it("lists the spend per month and channel; deleting a period removes its days only", async () => {
    await importSpend(
      t.db,
      CLI_ACTOR,
      csv("2026-01-30,web,1", "2026-01-31,web,2", "2026-02-01,web,4", "2026-02-01,email,8"),
    );
    expect(await listSpendByMonth(t.db)).toEqual({
      months: [
        { month: "2026-02", channel: "email", channelName: "Email", cents: 800, days: 1 },
        { month: "2026-02", channel: "web", channelName: "Web", cents: 400, days: 1 },
        { month: "2026-01", channel: "web", channelName: "Web", cents: 300, days: 2 },
      ],
      totalCents: 1_500,
      firstDay: "2026-01-30",
      lastDay: "2026-02-01",
    });
    expect(await deleteSpend(t.db, CLI_ACTOR, { from: "2026-01-31", to: "2026-02-01" })).toEqual({
      rows: 1,
    });
    expect(await stored()).toEqual([
      "2026-01-30 web 100",
      "2026-02-01 email 800",
      "2026-02-01 web 400",
    ]);
  });
});
