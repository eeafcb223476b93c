import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli, seedCatalogueOnly } from "./cli";

// Two obvious groups: b0–b11 buy on the web (two events, 100.00), v0–v11 only view the website.
const CSV = [
  "event_id,customer_id,occurred_at,touchpoint,type,revenue",
  ...Array.from({ length: 12 }, (_, i) => [
    `b${i}-1,b${i},2020-01-0${1 + (i % 5)}T10:00:00Z,website,view,`,
    `b${i}-2,b${i},2020-01-0${1 + (i % 5)}T11:00:00Z,web_checkout,purchase,100.00`,
  ]).flat(),
  ...Array.from(
    { length: 12 },
    (_, i) => `v${i}-1,v${i},2020-01-0${2 + (i % 5)}T10:00:00Z,website,view,`,
  ),
].join("\n");

const PERIOD = ["--from", "2020-01-01", "--to", "2020-01-10"];

interface SuggestJson {
  totalCustomers: number;
  k: number;
  kChosenBy: string;
  suggestions: { customers: number; funnel: { stage: string; reached: number }[] }[];
}

const TARGETS = process.env.DATABASE_URL
  ? (["pglite", "postgres"] as const)
  : (["pglite"] as const);

describe.each(TARGETS)("parcours personas suggest on %s", (name) => {
  let target: CliTarget;
  const cli = (args: string[]) => runCli(target, args);

  beforeAll(async () => {
    target = await cliTarget(name);
    await seedCatalogueOnly(target);
    writeFileSync(join(target.dir, "groups.csv"), CSV);
    const imported = await cli(["import", "groups.csv", "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => target.cleanup());

  it("--k 2 --json: the buyers and the viewers, 12 each; only the buyers reach purchase", async () => {
    const result = await cli(["personas", "suggest", ...PERIOD, "--k", "2", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as SuggestJson;
    expect(json).toMatchObject({ totalCustomers: 24, k: 2, kChosenBy: "admin" });
    expect(json.suggestions.map((s) => s.customers)).toEqual([12, 12]);
    const purchase = json.suggestions.map(
      (s) => s.funnel.find((x) => x.stage === "purchase")?.reached,
    );
    expect([...purchase].sort()).toEqual([0, 12]);
  });

  it("a table by default, and no rules when no attribute tells the groups apart", async () => {
    const result = await cli(["personas", "suggest", ...PERIOD, "--k", "2"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("24 active customers, 24 clustered; k = 2 as chosen.");
    expect(result.stdout).toContain("none");
  });

  it("--k 9 is refused, naming the flag and its bounds", async () => {
    const result = await cli(["personas", "suggest", ...PERIOD, "--k", "9"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--k "9" must be a whole number from 2 to 8');
  });

  it("`parcours personas` alone still prints the persona breakdown", async () => {
    const result = await cli(["personas", ...PERIOD, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty("personas");
  });
});
