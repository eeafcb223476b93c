import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TARGETS, type CliTarget, cliTarget, runCli } from "./cli";

const HEADER =
  "event_id,customer_id,occurred_at,touchpoint,type,stage,channel,satisfaction,revenue,properties";
const GOOD_AND_BAD = [
  HEADER,
  "e1,c1,2026-03-02T10:00:00Z,search_engine,search,,,4,,",
  'e2,c1,2026-03-02T12:00:00+01:00,web_checkout,purchase,,,5,49.90,"{""items"":2}"',
  "e3,c2,2026-03-02T10:00:00Z,nowhere,view,,,,,",
  "e4,c2,yesterday,website,view,,,,,",
  "e5,c3,2026-03-03T10:00:00Z,website,view,,,9,,",
  'e6,c3,2026-03-03T11:00:00Z,website,view,decision,store,,,"{""note"":""two lines"",',
  '""page"":2}"',
  "e7,c3,2026-03-04T10:00:00Z,website,view,,,,,",
  "e8,c3,2026-03-04T10:00:00Z,website",
  "e1,c1,2026-03-02T10:00:00Z,search_engine,search,,,4,,",
].join("\n");

describe.each(CLI_TARGETS)("parcours CLI on %s", (name) => {
  let target: CliTarget;

  beforeAll(async () => {
    target = await cliTarget(name);
    const seeded = await runCli(target, ["db", "seed", "--customers", "40", "--seed", "3"]);
    expect(seeded.code, seeded.stderr).toBe(0);
  });
  afterAll(() => target.cleanup());

  it("db seed refuses a database that has data, unless --force", async () => {
    const again = await runCli(target, ["db", "seed", "--customers", "5"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already has data; use --force/);
    const ifEmpty = await runCli(target, ["db", "seed", "--if-empty"]);
    expect(ifEmpty.code).toBe(0);
    expect(ifEmpty.stderr).toMatch(/keeping it/);
  });

  it("catalog --json prints the stages and touchpoints, and nothing else on stdout", async () => {
    const r = await runCli(target, ["catalog", "--json"]);
    expect(r.code).toBe(0);
    const catalog = JSON.parse(r.stdout) as {
      stages: { key: string; name: string; position: number }[];
      touchpoints: { key: string; name: string; channel: string; stage: string }[];
    };
    expect(catalog.stages.map((s) => s.key)).toEqual([
      "discovery",
      "consideration",
      "decision",
      "purchase",
      "after_sales",
      "loyalty",
    ]);
    expect(Object.keys(catalog.stages[0] ?? {})).toEqual(["key", "name", "position"]);
    expect(Object.keys(catalog.touchpoints[0] ?? {})).toEqual(["key", "name", "channel", "stage"]);
    expect(catalog.touchpoints.length).toBeGreaterThanOrEqual(15);
  });

  it("import keeps every good row and reports each bad one with its line; a re-import adds nothing", async () => {
    const file = join(target.dir, "mixed.csv");
    writeFileSync(file, GOOD_AND_BAD);
    const first = await runCli(target, ["import", "mixed.csv", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      accepted: 4,
      duplicates: 1,
      rejected: 4,
      errors: [
        { line: 4, message: 'touchpoint "nowhere" is not in the catalogue' },
        {
          line: 5,
          message:
            "occurred_at must be an ISO 8601 date-time with an offset, e.g. 2026-03-01T10:15:00Z",
        },
        { line: 6, message: "satisfaction must be a whole number from 1 to 5" },
        { line: 10, message: "has 4 fields where the header has 10" },
      ],
    });
    const again = await runCli(target, ["import", "mixed.csv", "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 0, duplicates: 5, rejected: 4 });
  });

  it("imports NDJSON, with bad JSON lines rejected by line", async () => {
    const file = join(target.dir, "events.ndjson");
    writeFileSync(
      file,
      [
        '{"event_id":"n1","customer_id":"c9","occurred_at":"2026-03-05T10:00:00Z","touchpoint":"website","type":"view","satisfaction":3}',
        "{not json",
        "",
        '{"event_id":"n2","customer_id":"c9","occurred_at":"2026-03-05T11:00:00Z","touchpoint":"app_checkout","type":"purchase","revenue":12.5}',
        "[1,2]",
      ].join("\n"),
    );
    const r = await runCli(target, ["import", file, "--json"]);
    expect(JSON.parse(r.stdout)).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: 2,
      errors: [
        { line: 2, message: "the line is not valid JSON" },
        { line: 5, message: "the line is not a JSON object" },
      ],
    });
  });

  it("a file with an unknown column is refused before anything is imported", async () => {
    writeFileSync(
      join(target.dir, "odd.csv"),
      "event_id,customer_id,occurred_at,touchpoint,type,colour\n",
    );
    const r = await runCli(target, ["import", "odd.csv", "--json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/unknown column "colour"/);
  });

  it("export → import into an empty database → export again is byte-identical", async () => {
    const exported = await runCli(target, ["export", "events", "--output", "all.csv"]);
    expect(exported.code, exported.stderr).toBe(0);
    const ndjson = await runCli(target, [
      "export",
      "events",
      "--format",
      "ndjson",
      "--output",
      "all.ndjson",
    ]);
    expect(ndjson.code).toBe(0);

    const copy = await cliTarget(name);
    try {
      // The same catalogue, but no events: seed one customer, then drop its events.
      expect((await runCli(copy, ["db", "seed", "--customers", "1"])).code).toBe(0);
      const path = join(target.dir, "all.csv");
      const reimport = await runCli({ ...copy, dir: target.dir }, ["import", path, "--json"]);
      const summary = JSON.parse(reimport.stdout) as { accepted: number; rejected: number };
      expect(summary.rejected).toBe(0);
      const second = await runCli({ ...copy, dir: target.dir }, [
        "export",
        "events",
        "--output",
        "again.csv",
      ]);
      expect(second.code).toBe(0);
      const before = readFileSync(path, "utf8");
      const after = readFileSync(join(target.dir, "again.csv"), "utf8");
      // The copy also holds its own seeded customer's events: compare the imported rows.
      const afterLines = new Set(after.split("\n"));
      const missing = before.split("\n").filter((line) => !afterLines.has(line));
      expect(missing).toEqual([]);
      expect(summary.accepted).toBe(before.trim().split("\n").length - 1);
    } finally {
      await copy.cleanup();
    }
  });

  it("funnel --json gives the contract's fields; bad options fail on stderr with exit 2", async () => {
    const r = await runCli(target, [
      "funnel",
      "--steps",
      "discovery,consideration,touchpoint:web_checkout@purchase",
      "--from",
      "2026-03-02",
      "--to",
      "2026-03-03",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const funnel = JSON.parse(r.stdout) as { steps: Record<string, unknown>[] };
    expect(funnel.steps.map((s) => Object.keys(s))).toEqual(
      Array(3).fill([
        "key",
        "customers",
        "conversionFromPrevious",
        "conversionOverall",
        "dropOff",
        "medianSecondsToStep",
        "p90SecondsToStep",
      ]),
    );
    // c1 searched at 10:00Z and bought on the web at 11:00Z; no consideration in between.
    expect(funnel.steps.map((s) => s.customers)).toEqual([1, 0, 0]);

    const bad = await runCli(target, [
      "funnel",
      "--steps",
      "discovery",
      "--from",
      "2026-03-02",
      "--to",
      "2026-03-03",
      "--json",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/2 to 10/);
    const unknown = await runCli(target, [
      "kpis",
      "--from",
      "2026-03-02",
      "--to",
      "2026-03-03",
      "--persona",
      "ghost",
      "--json",
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown persona: ghost/);
    const dates = await runCli(target, [
      "kpis",
      "--from",
      "2026-03-03",
      "--to",
      "2026-03-02",
      "--json",
    ]);
    expect(dates.stderr).toMatch(/--from must be before --to/);
  });

  it("kpis, personas, heatmap and emotion print JSON", async () => {
    for (const command of ["kpis", "personas", "heatmap", "emotion"]) {
      const r = await runCli(target, [
        command,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-01",
        "--json",
      ]);
      expect(r.code, `${command}: ${r.stderr}`).toBe(0);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
    }
  });
});
