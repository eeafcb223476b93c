import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli, seedCatalogueOnly } from "./cli";

// c1 and c2 buy in January (web_checkout is a purchase-stage touchpoint); c3 only browses.
const COHORT_CSV = [
  "event_id,customer_id,occurred_at,touchpoint,type,revenue",
  "c1-1,c1,2020-01-07T10:00:00Z,website,view,",
  "c1-2,c1,2020-01-08T10:00:00Z,web_checkout,purchase,30.00",
  "c2-1,c2,2020-01-09T10:00:00Z,web_checkout,purchase,20.00",
  "c3-1,c3,2020-01-10T09:00:00Z,website,view,",
  "c3-2,c3,2020-02-10T09:00:00Z,web_checkout,purchase,15.00",
].join("\n");

const BOUGHT = JSON.stringify({ conditions: [{ kind: "reachedStage", stage: "purchase" }] });
const JANUARY = ["--from", "2020-01-01", "--to", "2020-02-01"];

interface CohortJson {
  id: number;
  name: string;
  kind: "static" | "dynamic";
  members: number | null;
  ownerName: string;
  ownerEmail: string;
  customers?: number | null;
}

const TARGETS = process.env.DATABASE_URL
  ? (["pglite", "postgres"] as const)
  : (["pglite"] as const);

describe.each(TARGETS)("parcours cohorts on %s", (name) => {
  let target: CliTarget;
  const cli = (args: string[], input?: string) =>
    runCli(target, args, input === undefined ? {} : { input });

  beforeAll(async () => {
    target = await cliTarget(name);
    await seedCatalogueOnly(target);
    writeFileSync(join(target.dir, "cohorts.csv"), COHORT_CSV);
    const imported = await cli(["import", "cohorts.csv", "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
    // An admin without a name: the cohort list shows the owner's email instead of a blank.
    const admin = await cli(
      ["users", "create", "--email", "ops@example.com", "--role", "admin", "--password-stdin"],
      "a long enough password\n",
    );
    expect(admin.code, admin.stderr).toBe(0);
  }, 120_000);

  afterAll(() => target?.cleanup());

  it("a dynamic cohort counts its customers over the period asked; a static one keeps them", async () => {
    const dynamic = await cli([
      "cohorts",
      "create",
      "--name",
      "Buyers",
      "--rule",
      BOUGHT,
      "--json",
    ]);
    expect(dynamic.code, dynamic.stderr).toBe(0);
    const made = JSON.parse(dynamic.stdout) as CohortJson;
    expect(made).toMatchObject({ name: "Buyers", kind: "dynamic", ownerEmail: "ops@example.com" });

    // January: c1 and c2 reached the purchase stage; over January and February, c3 too.
    const january = await cli(["cohorts", "show", String(made.id), ...JANUARY, "--json"]);
    expect((JSON.parse(january.stdout) as CohortJson).customers).toBe(2);
    const both = await cli([
      "cohorts",
      "show",
      String(made.id),
      "--from",
      "2020-01-01",
      "--to",
      "2020-03-01",
      "--json",
    ]);
    expect((JSON.parse(both.stdout) as CohortJson).customers).toBe(3);

    const fixed = await cli([
      "cohorts",
      "create",
      "--name",
      "January buyers",
      "--rule",
      BOUGHT,
      "--static",
      ...JANUARY,
      "--json",
    ]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ kind: "static", members: 2 });

    const listed = await cli(["cohorts", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    const rows = listed.stdout
      .split("\n")
      .filter((line) => line.includes("Buyers") || line.includes("buyers"));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toContain("ops@example.com");
  });

  it("bad input is a usage error naming what is wrong, and creates nothing", async () => {
    const before = JSON.parse((await cli(["cohorts", "list", "--json"])).stdout) as CohortJson[];
    const cases: [string[], RegExp][] = [
      [["--name", "X", "--rule", "{not json"], /--rule/],
      [["--name", "X", "--rule", BOUGHT, "--static"], /--static needs --from and --to/],
      [
        ["--name", "X", "--rule", BOUGHT, "--owner", "nobody@example.com"],
        /--owner: no user nobody@example.com/,
      ],
      [
        ["--name", "X", "--rule", BOUGHT, "--from", "2020-02-01", "--to", "2020-01-01", "--static"],
        /--from must be before --to/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await cli(["cohorts", "create", ...args]);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({
        args,
        code: 2,
        stdout: "",
      });
      expect(result.stderr).toMatch(message);
    }
    const shown = await cli(["cohorts", "show", "abc"]);
    expect([shown.code, shown.stderr]).toEqual([
      2,
      expect.stringMatching(/"abc" is not a cohort id/),
    ]);
    const after = JSON.parse((await cli(["cohorts", "list", "--json"])).stdout) as CohortJson[];
    expect(after).toHaveLength(before.length);
  });
});
