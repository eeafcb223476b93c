import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli, seedCatalogueOnly } from "./cli";
import { FUNNEL_ARGS, TINY_CSV } from "./fixtures";

interface CompareJson {
  b: { filter: { from: string; to: string } };
  steps: {
    key: string;
    a: { customers: number };
    b: { customers: number };
    difference: {
      customers: number;
      conversionOverall: { value: number | null; interval: [number, number] | null };
    };
  }[];
}

const TARGETS = process.env.DATABASE_URL
  ? (["pglite", "postgres"] as const)
  : (["pglite"] as const);

describe.each(TARGETS)("parcours funnel --compare-… on %s", (name) => {
  let target: CliTarget;
  const cli = (args: string[]) => runCli(target, args);

  beforeAll(async () => {
    target = await cliTarget(name);
    await seedCatalogueOnly(target);
    writeFileSync(join(target.dir, "tiny.csv"), TINY_CSV);
    const imported = await cli(["import", "tiny.csv", "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => target.cleanup());

  it("--compare-period 2020-01-01..2020-01-06 --json: January's 4, 3, 2 against f1, f2, f3's 3, 2, 1 (f3's visit is 46 days on, past W)", async () => {
    const result = await cli([
      ...FUNNEL_ARGS,
      "--compare-period",
      "2020-01-01..2020-01-06",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const c = JSON.parse(result.stdout) as CompareJson;
    expect(c.b.filter).toMatchObject({
      from: "2020-01-01T00:00:00.000Z",
      to: "2020-01-06T00:00:00.000Z",
    });
    expect(c.steps.map((s) => [s.a.customers, s.b.customers, s.difference.customers])).toEqual([
      [4, 3, -1],
      [3, 2, -1],
      [2, 1, -1],
    ]);
    // 2/3 − 3/4 and 1/3 − 2/4 from the first step.
    expect(c.steps[1]?.difference.conversionOverall.value).toBeCloseTo(-1 / 12, 12);
    expect(c.steps[2]?.difference.conversionOverall.value).toBeCloseTo(-1 / 6, 12);
    expect(c.steps[0]?.difference.conversionOverall).toEqual({ value: null, interval: null });
  });

  it("--compare-period previous: December 2019 (no events) has no rates; the table says so with dashes", async () => {
    const json = await cli([...FUNNEL_ARGS, "--compare-period", "previous", "--json"]);
    const c = JSON.parse(json.stdout) as CompareJson;
    expect(c.b.filter).toMatchObject({
      from: "2019-12-01T00:00:00.000Z",
      to: "2020-01-01T00:00:00.000Z",
    });
    expect(c.steps.map((s) => s.b.customers)).toEqual([0, 0, 0]);
    const text = await cli([...FUNNEL_ARGS, "--compare-period", "last-year"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^step\s+A\s+B\s+B − A/);
    expect(text.stdout).toMatch(/discovery\s+4\s+0\s+-4/);
  });

  it("refuses a malformed period, an unknown persona and two comparisons at once (exit 2)", async () => {
    for (const [extra, message] of [
      [["--compare-period", "yesterday"], /is not previous, last-year or FROM\.\.TO/],
      [["--compare-period", "2020-02-01..2020-01-01"], /--compare-period/],
      [["--compare-persona", "nobody"], /nobody/],
      [
        ["--compare-period", "previous", "--compare-persona", "nobody"],
        /go separately: choose one/,
      ],
      [["--compare-period", "previous", "--histogram"], /without --breakdown and --histogram/],
    ] as const) {
      const refused = await cli([...FUNNEL_ARGS, ...extra]);
      expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: "" });
      expect(refused.stderr).toMatch(message);
    }
  });
});
