import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli, seedCatalogueOnly } from "./cli";

// Monday 6 January 2020 starts the first ISO week. r1 and r2 first buy in that week (W0),
// r3 in the next (W1); r4 never buys.
const RETENTION_CSV = [
  "event_id,customer_id,occurred_at,touchpoint,type,revenue",
  "r1-1,r1,2020-01-07T10:00:00Z,web_checkout,purchase,30.00",
  "r1-2,r1,2020-01-14T10:00:00Z,website,view,",
  "r1-3,r1,2020-01-22T10:00:00Z,web_checkout,purchase,12.00",
  "r2-1,r2,2020-01-09T10:00:00Z,web_checkout,purchase,20.00",
  "r2-2,r2,2020-01-15T10:00:00Z,web_checkout,purchase,25.00",
  "r3-1,r3,2020-01-14T09:00:00Z,web_checkout,purchase,40.00",
  "r4-1,r4,2020-01-08T09:00:00Z,website,view,",
].join("\n");

const PERIOD = ["--from", "2020-01-06", "--to", "2020-01-20", "--periods", "2"];

interface RetentionJson {
  customers: number;
  cohorts: { start: string; customers: number; cells: { retained: number; status: string }[] }[];
  average: { share: number | null }[];
}

const TARGETS = process.env.DATABASE_URL
  ? (["pglite", "postgres"] as const)
  : (["pglite"] as const);

describe.each(TARGETS)("parcours retention on %s", (name) => {
  let target: CliTarget;
  const cli = (args: string[]) => runCli(target, args);

  beforeAll(async () => {
    target = await cliTarget(name);
    await seedCatalogueOnly(target);
    writeFileSync(join(target.dir, "retention.csv"), RETENTION_CSV);
    const imported = await cli(["import", "retention.csv", "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => target.cleanup());

  it("--json: W0 = r1, r2, both back in W1 (a visit, a purchase), r1 in W2; W1 = r3, not back", async () => {
    const result = await cli(["retention", ...PERIOD, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as RetentionJson;
    expect(json.customers).toBe(3);
    expect(
      json.cohorts.map((c) => [c.start, c.customers, ...c.cells.map((x) => x.retained)]),
    ).toEqual([
      ["2020-01-06T00:00:00.000Z", 2, 2, 2, 1],
      ["2020-01-13T00:00:00.000Z", 1, 1, 0, 0],
    ]);
    // (2 + 0) / 3 and 1 / 3.
    expect(json.average.map((a) => a.share)).toEqual([1, 2 / 3, 1 / 3]);
  });

  it("--mode purchase: r2 bought again in W1, r1 in W2; a visit is not a purchase", async () => {
    const result = await cli(["retention", ...PERIOD, "--mode", "purchase"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^3 customers made their first purchase in the period; purchased again/,
    );
    expect(result.stdout).toMatch(/2020-01-06\s+2\s+100\.0%\s+50\.0%\s+50\.0%/);
    expect(result.stdout).toMatch(/2020-01-13\s+1\s+100\.0%\s+0\.0%\s+0\.0%/);
  });

  it("--cohort month: January holds all three; nothing in February", async () => {
    const result = await cli([
      "retention",
      "--from",
      "2020-01-01",
      "--to",
      "2020-02-01",
      "--cohort",
      "month",
      "--periods",
      "1",
      "--json",
    ]);
    const json = JSON.parse(result.stdout) as RetentionJson;
    expect(json.cohorts.map((c) => [c.customers, ...c.cells.map((x) => x.retained)])).toEqual([
      [3, 3, 0],
    ]);
  });

  it.each([
    [["--cohort", "day"], /--cohort must be week or month, not "day"/],
    [["--mode", "sometimes"], /--mode must be any or purchase/],
    [["--periods", "0"], /--periods "0" must be a whole number from 1 to 52/],
    [["--persona", "ghost"], /unknown persona: ghost/],
  ])("%j is a usage error: exit 2, nothing on stdout", async (args, message) => {
    const result = await cli(["retention", ...PERIOD, ...args]);
    expect([result.code, result.stdout]).toEqual([2, ""]);
    expect(result.stderr).toMatch(message);
  });

  it("too many week cohorts is a usage error that suggests months", async () => {
    const result = await cli(["retention", "--from", "2017-01-01", "--to", "2020-01-01"]);
    expect([result.code, result.stdout]).toEqual([2, ""]);
    // From the week of Monday 26 December 2016 to that of Monday 30 December 2019: 1,099 days,
    // 157 weeks apart, so 158 cohorts.
    expect(result.stderr).toMatch(/158 week cohorts.*choose months or a shorter period/);
  });
});
