import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliResult,
  type CliTarget,
  cliTarget,
  type RunOptions,
  runCli,
  seedCatalogueOnly,
} from "./cli";
import { FUNNEL_ARGS, MIXED_CSV_LINES, MIXED_ERRORS, NDJSON_LINES, TINY_CSV } from "./fixtures";

const FUNNEL_FIELDS = [
  "key",
  "customers",
  "conversionFromPrevious",
  "conversionOverall",
  "dropOff",
  "medianSecondsToStep",
  "p90SecondsToStep",
];

function json<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** The whole CLI contract against one database kind; each kind has its own test file. */
export function cliSuite(name: CliTarget["name"]): void {
  describe(`parcours CLI on ${name}`, () => {
    let target: CliTarget;
    const cli = (args: string[], options?: RunOptions) => runCli(target, args, options);

    beforeAll(async () => {
      target = await cliTarget(name);
      const seeded = await cli(["db", "seed", "--customers", "50", "--seed", "3"]);
      expect(seeded.code, seeded.stderr).toBe(0);
      writeFileSync(join(target.dir, "tiny.csv"), TINY_CSV);
      expect(json(await cli(["import", "tiny.csv", "--json"]))).toMatchObject({ accepted: 12 });
    });
    afterAll(() => target.cleanup());

    it("db seed refuses a database that has data unless --force, which replaces it", async () => {
      const refused = await cli(["db", "seed", "--customers", "5"]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toMatch(/already has data, so it was left as it is; use --force/);
      const ifEmpty = await cli(["db", "seed", "--if-empty"]);
      expect(ifEmpty.code).toBe(0);
      expect(ifEmpty.stderr).toMatch(/keeping it/);

      const forced = await cli(["db", "seed", "--customers", "50", "--seed", "3", "--force"]);
      expect(forced.code, forced.stderr).toBe(0);
      expect(forced.stderr).toMatch(/Emptying the database[\s\S]*Seeded 50 customers/);
      // --force emptied everything, the tiny file too: put it back for the tests below.
      expect(json(await cli(["import", "tiny.csv", "--json"]))).toMatchObject({ accepted: 12 });
    });

    it("catalog --json prints exactly the contract's fields, and only JSON", async () => {
      const catalog = json<{
        stages: Record<string, unknown>[];
        touchpoints: Record<string, unknown>[];
      }>(await cli(["catalog", "--json"]));
      expect(Object.keys(catalog)).toEqual(["stages", "touchpoints"]);
      expect(catalog.stages.map((s) => s.key)).toEqual([
        "discovery",
        "consideration",
        "decision",
        "purchase",
        "after_sales",
        "loyalty",
      ]);
      expect(catalog.stages.map((s) => Object.keys(s))).toEqual(
        catalog.stages.map(() => ["key", "name", "position"]),
      );
      expect(catalog.touchpoints.map((t) => Object.keys(t))).toEqual(
        catalog.touchpoints.map(() => ["key", "name", "channel", "stage"]),
      );
      expect(catalog.touchpoints).toContainEqual({
        key: "web_checkout",
        name: "Web checkout",
        channel: "web",
        stage: "purchase",
      });
    });

    it("import keeps every good row and reports each bad one by line; a re-import (CRLF) adds nothing", async () => {
      writeFileSync(join(target.dir, "mixed.csv"), MIXED_CSV_LINES.join("\n"));
      const first = json(await cli(["import", "mixed.csv", "--json"]));
      expect(first).toEqual({ accepted: 6, duplicates: 1, rejected: 6, errors: MIXED_ERRORS });

      // The same rows with Windows line ends, CRLF inside the quoted cells too: same lines.
      writeFileSync(join(target.dir, "mixed-crlf.csv"), MIXED_CSV_LINES.join("\r\n"));
      const again = json(await cli(["import", "mixed-crlf.csv", "--json"]));
      expect(again).toEqual({ accepted: 0, duplicates: 7, rejected: 6, errors: MIXED_ERRORS });

      const human = await cli(["import", "mixed.csv"]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/0 accepted, 7 duplicates, 6 rejected/);
      expect(human.stdout).toMatch(
        /line 13 \(event_id "e11"\): satisfaction must be .*\[value: "0"\]/,
      );
    });

    it("imports NDJSON, rejecting bad lines by number", async () => {
      writeFileSync(join(target.dir, "events.jsonl"), NDJSON_LINES.join("\n"));
      expect(json(await cli(["import", "events.jsonl", "--json"]))).toEqual({
        accepted: 3,
        duplicates: 0,
        rejected: 3,
        errors: [
          { line: 2, message: "the line is not valid JSON" },
          { line: 5, message: "the line is not a JSON object" },
          {
            line: 6,
            message:
              'unknown field "colour"; the fields are event_id, customer_id, occurred_at, touchpoint, type, stage, channel, satisfaction, revenue, properties, comment',
          },
        ],
      });
    });

    it("refuses a file with unknown or missing columns before importing anything", async () => {
      const row = "zz1,zz,2021-03-01T10:00:00Z,website,view";
      writeFileSync(
        join(target.dir, "odd.csv"),
        `event_id,customer_id,occurred_at,touchpoint,type,colour\n${row},red\n`,
      );
      const odd = await cli(["import", "odd.csv", "--json"]);
      expect(odd.code).toBe(1);
      expect(odd.stdout).toBe("");
      expect(odd.stderr).toMatch(/unknown column "colour" in the header/);

      writeFileSync(
        join(target.dir, "short.csv"),
        `event_id,customer_id,touchpoint,type\nzz2,zz,x,y\n`,
      );
      const short = await cli(["import", "short.csv", "--format", "csv", "--json"]);
      expect(short.code).toBe(1);
      expect(short.stdout).toBe("");
      expect(short.stderr).toMatch(/lacks the required column occurred_at/);

      const exported = await cli([
        "export",
        "events",
        "--from",
        "2021-03-01",
        "--to",
        "2021-03-02",
      ]);
      expect(exported.stdout).not.toMatch(/zz/);
    });

    it("export → import into an empty database → export is byte-identical, in CSV and NDJSON", async () => {
      const csv = await cli(["export", "events", "--output", "all.csv"]);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.stdout).toBe("");
      const count = Number(/Exported (\d+) events/.exec(csv.stderr)?.[1]);
      const csvText = readFileSync(join(target.dir, "all.csv"), "utf8");
      expect(csvText).toContain(
        'e6,c3,2021-03-03T11:00:00.000Z,website,view,decision,store,,,"{""note"": ""two lines"", ""page"": 2}"',
      );
      expect(csvText).toContain(
        'e12,"multi\nline",2021-03-05T09:00:00.000Z,store_visit,visit,,,3,,,\n',
      );
      const ndjson = await cli(["export", "events", "--format", "ndjson"]);
      expect(ndjson.code).toBe(0);
      expect(ndjson.stdout).toContain(
        '{"event_id":"n2","customer_id":"c9","occurred_at":"2021-03-05T11:00:00.000Z","touchpoint":"app_checkout","type":"purchase","revenue":"12.50","properties":{"items":1}}\n',
      );
      writeFileSync(join(target.dir, "all.ndjson"), ndjson.stdout);

      for (const [file, format] of [
        ["all.csv", "csv"],
        ["all.ndjson", "ndjson"],
      ] as const) {
        const copy = await cliTarget(name);
        try {
          await seedCatalogueOnly(copy);
          const imported = await runCli(copy, ["import", join(target.dir, file), "--json"]);
          expect(json(imported)).toEqual({
            accepted: count,
            duplicates: 0,
            rejected: 0,
            errors: [],
          });
          const csvAgain = await runCli(copy, ["export", "events", "--output", "again.csv"]);
          expect(csvAgain.code, csvAgain.stderr).toBe(0);
          expect(readFileSync(join(copy.dir, "again.csv"), "utf8"), format).toBe(csvText);
          const ndjsonAgain = await runCli(copy, ["export", "events", "--format", "ndjson"]);
          expect(ndjsonAgain.stdout, format).toBe(ndjson.stdout);
        } finally {
          await copy.cleanup();
        }
      }
    });

    it("export --from/--to writes that period in time order, relative to the current folder", async () => {
      const r = await cli(
        ["export", "events", "--from", "2020-01-01", "--to", "2020-02-01", "--output", "jan.csv"],
        { initCwd: null },
      );
      expect(r.code, r.stderr).toBe(0);
      const lines = readFileSync(join(target.dir, "jan.csv"), "utf8").trimEnd().split("\n");
      expect(lines.map((l) => l.split(",")[0])).toEqual([
        "event_id",
        ...["f1-1", "f1-2", "f1-3", "f2-1", "f2-2", "f3-1", "f4-1"],
        ...["f5-1", "f5-2", "f5-3", "f5-4"],
      ]);
      expect(lines[3]).toBe("f1-3,f1,2020-01-02T10:00:00.000Z,web_checkout,purchase,,,,49.90,,");
    });

    it("customers --json lists who is behind a funnel figure: dropped at consideration f3 (its website visit 46 days on), reached the purchase f1 and f5", async () => {
      const args = [...FUNNEL_ARGS.slice(1), "--sort", "externalId", "--json"];
      type List = { total: number; rows: { externalId: string; events: number }[] };
      const dropped = json<List>(
        await cli(["customers", ...args, "--step", "2", "--outcome", "dropped"]),
      );
      expect([dropped.total, dropped.rows.map((r) => r.externalId)]).toEqual([1, ["f3"]]);
      const bought = json<List>(await cli(["customers", ...args, "--step", "3"]));
      expect([bought.total, bought.rows.map((r) => r.externalId)]).toEqual([2, ["f1", "f5"]]);
      // f1's three events and f5's four fall in January.
      expect(bought.rows.map((r) => r.events)).toEqual([3, 4]);

      const none = await cli(["customers", ...args]);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/name one figure: --steps … --step N/);
      const past = await cli(["customers", ...args, "--step", "4"]);
      expect(past.code).toBe(2);
      expect(past.stderr).toMatch(/--step "4" must be from 1 to 3/);
    });

    it("funnel --histogram --json bins each step's times: with W = 2 days in hours, consideration at hours 1, 2, 3 and the checkout at hour 24 and in the last hour (48 h = W)", async () => {
      type THistogram = {
        unit: string;
        binSeconds: number;
        steps: {
          key: string;
          customers: number;
          bins: { fromSeconds: number; toSeconds: number; customers: number }[];
        }[];
      };
      const filled = (h: THistogram) =>
        h.steps.map((s) => [
          s.key,
          s.customers,
          s.bins.flatMap((b, i) => (b.customers > 0 ? [[i, b.customers]] : [])),
        ]);
      const hours = json<THistogram>(
        await cli([...FUNNEL_ARGS, "--window", "2d", "--histogram", "--json"]),
      );
      expect(hours.unit).toBe("hour");
      expect(hours.binSeconds).toBe(3600);
      expect(hours.steps[1]?.bins[47]).toEqual({
        fromSeconds: 47 * 3600,
        toSeconds: 48 * 3600,
        customers: 1,
      });
      expect(filled(hours)).toEqual([
        [
          "consideration",
          3,
          [
            [1, 1],
            [2, 1],
            [3, 1],
          ],
        ],
        [
          "touchpoint:web_checkout@purchase",
          2,
          [
            [24, 1],
            [47, 1],
          ],
        ],
      ]);
      // The default 30 days in days: consideration all on day 0, the checkout on days 1 and 2.
      const days = json<THistogram>(await cli([...FUNNEL_ARGS, "--histogram", "--json"]));
      expect(days.unit).toBe("day");
      expect(filled(days)).toEqual([
        ["consideration", 3, [[0, 3]]],
        [
          "touchpoint:web_checkout@purchase",
          2,
          [
            [1, 1],
            [2, 1],
          ],
        ],
      ]);
      const text = await cli([...FUNNEL_ARGS, "--histogram"]);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/touchpoint:web_checkout@purchase\s+2–3\s+1/);
    });

    it("funnel --breakdown property:utm --top 1 --json: google [2, 1], other (bing) [1, 1], (none) [1, 0]", async () => {
      // February 2019, before the demo data and the tiny file: its own customers.
      writeFileSync(
        join(target.dir, "breakdown.csv"),
        [
          "event_id,customer_id,occurred_at,touchpoint,type,properties",
          'g1-1,g1,2019-02-01T10:00:00Z,search_engine,search,"{""utm"":""google""}"',
          "g1-2,g1,2019-02-01T11:00:00Z,website,view,",
          'g2-1,g2,2019-02-02T10:00:00Z,search_engine,search,"{""utm"":""google""}"',
          'g3-1,g3,2019-02-03T10:00:00Z,search_engine,search,"{""utm"":""bing""}"',
          "g3-2,g3,2019-02-03T12:00:00Z,website,view,",
          "g4-1,g4,2019-02-04T10:00:00Z,search_engine,search,",
        ].join("\n"),
      );
      expect(json(await cli(["import", "breakdown.csv", "--json"]))).toMatchObject({ accepted: 6 });
      const args = [
        "funnel",
        "--steps",
        "discovery,consideration",
        "--from",
        "2019-02-01",
        "--to",
        "2019-03-01",
        "--breakdown",
        "property:utm",
      ];
      type TSeries = { kind: string; value: string | null; funnel: { steps: TStep[] } };
      type TStep = { customers: number; medianSecondsToStep: number | null };
      const result = json<{ breakdown: unknown; series: TSeries[] }>(
        await cli([...args, "--top", "1", "--json"]),
      );
      expect(result.breakdown).toEqual({ kind: "property", key: "utm", top: 1 });
      expect(
        result.series.map((s) => [s.kind, s.value, s.funnel.steps.map((x) => x.customers)]),
      ).toEqual([
        ["value", "google", [2, 1]],
        ["other", null, [1, 1]],
        ["none", null, [1, 0]],
      ]);
      expect(result.series[1]?.funnel.steps[1]?.medianSecondsToStep).toBe(7200);
      const text = await cli(args);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/bing\s+consideration\s+1\s+100/);
      for (const [extra, message] of [
        [["--top", "21"], /--top must be a whole number from 1 to 20/],
        [["--histogram"], /--breakdown and --histogram go separately/],
      ] as const) {
        const refused = await cli([...args, ...extra]);
        expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: "" });
        expect(refused.stderr).toMatch(message);
      }
      const unknown = await cli([...FUNNEL_ARGS, "--breakdown", "channel"]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/--breakdown "channel" is not a breakdown/);
    });

    it("kpis --breakdown property:utm --top 1 --json: google 2 active (3 events), other (bing) 1, (none) 1", async () => {
      // The funnel breakdown's February 2019 customers (imported again: event ids make it a no-op).
      writeFileSync(
        join(target.dir, "kpi-breakdown.csv"),
        [
          "event_id,customer_id,occurred_at,touchpoint,type,properties",
          'g1-1,g1,2019-02-01T10:00:00Z,search_engine,search,"{""utm"":""google""}"',
          "g1-2,g1,2019-02-01T11:00:00Z,website,view,",
          'g2-1,g2,2019-02-02T10:00:00Z,search_engine,search,"{""utm"":""google""}"',
          'g3-1,g3,2019-02-03T10:00:00Z,search_engine,search,"{""utm"":""bing""}"',
          "g3-2,g3,2019-02-03T12:00:00Z,website,view,",
          "g4-1,g4,2019-02-04T10:00:00Z,search_engine,search,",
        ].join("\n"),
      );
      expect((await cli(["import", "kpi-breakdown.csv", "--json"])).code).toBe(0);
      const args = ["kpis", "--from", "2019-02-01", "--to", "2019-03-01"];
      type TSeries = { kind: string; value: string | null; kpis: Record<string, unknown> };
      const result = json<{
        breakdown: unknown;
        total: Record<string, unknown>;
        series: TSeries[];
      }>(await cli([...args, "--breakdown", "property:utm", "--top", "1", "--json"]));
      expect(result.breakdown).toEqual({ kind: "property", key: "utm", top: 1 });
      expect(
        result.series.map((s) => [s.kind, s.value, s.kpis.activeCustomers, s.kpis.events]),
      ).toEqual([
        ["value", "google", 2, 3],
        ["other", null, 1, 2],
        ["none", null, 1, 1],
      ]);
      expect(result.total).toMatchObject({ activeCustomers: 4, events: 6, revenue: 0 });
      const text = await cli([...args, "--breakdown", "property:utm"]);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/google\s+2\s+3\s+0\.0\s*%/);
      expect(text.stdout).toMatch(/bing\s+1\s+2/);
      for (const [extra, message] of [
        [["--breakdown", "persona"], /parcours personas/],
        [
          ["--breakdown", "property:utm", "--top", "0"],
          /--top must be a whole number from 1 to 20/,
        ],
        [["--top", "3"], /--top goes with --breakdown/],
      ] as const) {
        const refused = await cli([...args, ...extra]);
        expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: "" });
        expect(refused.stderr).toMatch(message);
      }
    });

    it("funnel --json on a tiny hand-made file gives the hand-computed values", async () => {
      const funnel = json<{ steps: Record<string, unknown>[] }>(
        await cli([...FUNNEL_ARGS, "--json"]),
      );
      expect(Object.keys(funnel)).toEqual(["steps"]);
      expect(funnel.steps.map((s) => Object.keys(s))).toEqual(
        funnel.steps.map(() => FUNNEL_FIELDS),
      );
      expect(funnel.steps).toEqual([
        {
          key: "discovery",
          customers: 4,
          conversionFromPrevious: null,
          conversionOverall: 1,
          dropOff: 0,
          medianSecondsToStep: 0,
          p90SecondsToStep: 0,
        },
        {
          key: "consideration",
          customers: 3,
          conversionFromPrevious: 0.75,
          conversionOverall: 0.75,
          dropOff: 1,
          // 1 h, 2 h, 3 h: median 2 h; p90 = 2 h + 0.8 × 1 h (continuous).
          medianSecondsToStep: 7200,
          p90SecondsToStep: 10080,
        },
        {
          key: "touchpoint:web_checkout@purchase",
          customers: 2,
          conversionFromPrevious: 2 / 3,
          conversionOverall: 0.5,
          dropOff: 1,
          // 24 h and 48 h: median 36 h; p90 = 24 h + 0.9 × 24 h.
          medianSecondsToStep: 129600,
          p90SecondsToStep: 164160,
        },
      ]);

      // A 1-hour window keeps f1's consideration only; web events only drop f3's social entry.
      const narrow = json<{ steps: { customers: number }[] }>(
        await cli([...FUNNEL_ARGS, "--window", "1h", "--json"]),
      );
      expect(narrow.steps.map((s) => s.customers)).toEqual([4, 1, 0]);
      const web = json<{ steps: { customers: number }[] }>(
        await cli([...FUNNEL_ARGS, "--channel", "web", "--channel", "web", "--json"]),
      );
      expect(web.steps.map((s) => s.customers)).toEqual([3, 3, 2]);

      // Excluding the web checkout, or checkout events, before consideration: f5's checkout
      // (1 h) lies between its entry and its consideration (3 h), so f5 stops at the entry.
      const excluded = json<{ steps: { customers: number }[] }>(
        await cli([
          ...FUNNEL_ARGS,
          "--exclude",
          "2:web_checkout",
          "--exclude",
          "2:@checkout",
          "--json",
        ]),
      );
      expect(excluded.steps.map((s) => s.customers)).toEqual([4, 2, 1]);
      const excludedTable = await cli([...FUNNEL_ARGS, "--exclude", "2:web_checkout,2:@checkout"]);
      expect(excludedTable.stdout).toMatch(
        /step 2 excludes, since step 1: web_checkout, @checkout/,
      );
      const unknown = await cli([...FUNNEL_ARGS, "--exclude", "3:call_centre"]);
      expect([unknown.code, unknown.stdout]).toEqual([2, ""]);
      expect(unknown.stderr).toMatch(/unknown touchpoint: call_centre/);

      const table = await cli(FUNNEL_ARGS);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(
        /touchpoint:web_checkout@purchase\s+2\s+66\.7%\s+50\.0%\s+1\s+1\.5 d/,
      );
    });

    it("paths --json from stage:discovery on the tiny file gives the hand-computed paths and links", async () => {
      const args = ["paths", "--from", "stage:discovery", "--steps", "3"];
      const period = ["--since", "2020-01-01", "--until", "2020-02-01"];
      const paths = json<{
        entrants: number;
        converted: number;
        paths: { steps: string[]; customers: number; converted: number }[];
        other: { customers: number };
        links: {
          depth: number;
          source: string | null;
          target: string | null;
          customers: number;
          medianSeconds: number | null;
        }[];
      }>(await cli([...args, ...period, "--json"]));
      // f1, f2, f3 and f5 enter at discovery (f4 has none); f1 and f5 reach purchase within 30 d.
      expect([paths.entrants, paths.converted, paths.other.customers]).toEqual([4, 2, 0]);
      expect(paths.paths.map((p) => [p.steps.join(">"), p.customers, p.converted])).toEqual([
        ["", 1, 0], // f3: the website visit 46 days later is beyond the window
        ["consideration", 1, 0], // f2
        ["consideration>purchase", 1, 1], // f1
        ["purchase>consideration>purchase", 1, 1], // f5: a loop back to consideration
      ]);
      expect(
        paths.links.map((l) => [l.depth, l.source, l.target, l.customers, l.medianSeconds]),
      ).toEqual([
        [0, null, "consideration", 2, 5400], // f1 1 h, f2 2 h
        [0, null, "purchase", 1, 3600],
        [1, "consideration", "purchase", 1, 82800], // f1: 23 h
        [1, "purchase", "consideration", 1, 7200],
        [2, "consideration", "purchase", 1, 162000], // f5: 45 h
      ]);

      const csv = await cli([...args, ...period, "--csv"]);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.stdout.trimEnd().split("\n")).toEqual([
        "path,customers,share_pct,converted,conversion_pct",
        "(no further step),1,25,0,0",
        "consideration,1,25,0,0",
        "consideration > purchase,1,25,1,100",
        "purchase > consideration > purchase,1,25,1,100",
      ]);

      const table = await cli([...args, ...period, "--level", "touchpoint"]);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(
        /^4 customers entered at stage:discovery; 50\.0% reached purchase/,
      );
      expect(table.stdout).toMatch(/web_checkout > website > web_checkout\s+1\s+25\.0%\s+100\.0%/);
    });

    it("paths --compare: consideration > purchase (f1: converts 24 h after the entry) against no further step (f3), as JSON, CSV and a table", async () => {
      const args = ["paths", "--from", "stage:discovery", "--steps", "3"];
      const period = ["--since", "2020-01-01", "--until", "2020-02-01"];
      const sides = ["--compare", "path:consideration>purchase", "--compare", "path:"];
      const compared = json<{
        entrants: number;
        groups: {
          customers: number;
          converted: number;
          medianSecondsToConversion: number | null;
          satisfaction: { mean: number | null; n: number };
        }[];
        difference: { conversion: number | null; customers: number };
      }>(await cli([...args, ...period, ...sides, "--json"]));
      expect(compared.entrants).toBe(4);
      expect(
        compared.groups.map((g) => [g.customers, g.converted, g.medianSecondsToConversion]),
      ).toEqual([
        [1, 1, 86400],
        [1, 0, null],
      ]);
      expect(compared.groups.map((g) => g.satisfaction)).toEqual([
        { mean: null, n: 0, sufficient: false },
        { mean: null, n: 0, sufficient: false },
      ]);
      expect(compared.difference).toMatchObject({ conversion: -1, customers: 0 });

      const csv = await cli([...args, ...period, ...sides, "--csv"]);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.stdout.trimEnd().split("\n")).toEqual([
        "side,group,customers,share_pct,converted,conversion_pct,median_hours_to_conversion,satisfaction,ratings",
        "A,path:consideration>purchase,1,25,1,100,24,,0",
        "B,path:,1,25,0,0,,,0",
        "B - A,,0,0,-1,-100,,,0",
      ]);

      const table = await cli([...args, ...period, ...sides]);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/A: consideration > purchase; B: \(no further step\)/);
      expect(table.stdout).toMatch(/reached purchase\s+100\.0%\s+0\.0%\s+-100\.0 pts/);
      expect(table.stdout).toMatch(/median time, entry to conversion\s+1\.0 d\s+—/);
    });

    it.each([
      [
        ["--from", "discovery"],
        /--from "discovery" is not a start; use stage:KEY or touchpoint:KEY/,
      ],
      [["--from", "stage:nowhere"], /unknown stage: nowhere/],
      [
        ["--from", "stage:discovery", "--steps", "6"],
        /--steps "6" must be a whole number from 1 to 5/,
      ],
      [["--from", "stage:discovery", "--level", "channel"], /--level must be stage or touchpoint/],
      [["--from", "stage:discovery", "--since", "2020-01-01"], /give both --since and --until/],
      [
        ["--from", "stage:discovery", "--since", "2020-02-01", "--until", "2020-01-01"],
        /--since must be before --until/,
      ],
      [["--from", "stage:discovery", "--json", "--csv"], /--json and --csv exclude each other/],
      [
        ["--from", "stage:discovery", "--compare", "path:consideration"],
        /--compare takes exactly two sides \(give it twice\), not 1/,
      ],
      [
        ["--from", "stage:discovery", "--compare", "consideration", "--compare", "path:"],
        /--compare "consideration" is not a side; use path:KEY>KEY/,
      ],
      [
        [
          "--from",
          "stage:discovery",
          "--steps",
          "1",
          "--compare",
          "path:a>b",
          "--compare",
          "path:",
        ],
        /--compare "path:a>b" has 2 steps, more than --steps 1/,
      ],
      [
        ["--from", "stage:discovery", "--compare", "persona:nobody", "--compare", "path:"],
        /unknown persona: nobody/,
      ],
    ])("paths %j is a usage error: exit 2, nothing on stdout", async (args, message) => {
      const result = await cli(["paths", ...args]);
      expect([result.code, result.stdout]).toEqual([2, ""]);
      expect(result.stderr).toMatch(message);
    });

    it("drivers --json on the tiny file: in discovery, search_engine's f1 and f5 both bought, f2 and f3 (online ads, social media) did not: 1 in Newcombe's [0.069985, 1], too few; the table says so", async () => {
      const args = ["drivers", "--from", "2020-01-01", "--to", "2020-02-01"];
      const drivers = json<{
        minGroup: number;
        touchpoints: {
          touchpoint: string;
          stage: string;
          with: { customers: number; converted: number };
          without: { customers: number; converted: number };
          conversion: { difference: number; low: number; high: number; verdict: string } | null;
        }[];
        rankings: { conversion: { helps: string[]; hurts: string[] } };
      }>(await cli([...args, "--json"]));
      expect(drivers.minGroup).toBe(30);
      const search = drivers.touchpoints.find((t) => t.touchpoint === "search_engine");
      expect(search).toMatchObject({
        stage: "discovery",
        with: { customers: 2, converted: 2 },
        without: { customers: 2, converted: 0 },
        conversion: { difference: 1, verdict: "too_few" },
      });
      expect(search?.conversion?.low).toBeCloseTo(0.0699852, 6);
      expect(search?.conversion?.high).toBeCloseTo(1, 9);
      // f1, f2, f4 and f5 all used the website in consideration (f3's visit is in February).
      const website = drivers.touchpoints.find((t) => t.touchpoint === "website");
      expect(website).toMatchObject({
        with: { customers: 4, converted: 2 },
        without: { customers: 0 },
      });
      expect(drivers.rankings.conversion).toEqual({ helps: [], hurts: [] });

      const table = await cli(args);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(
        /search_engine\s+discovery\s+2\s+2\s+100\.0%\s+0\.0%\s+100\.0 pt \[7\.0 pt, 100\.0 pt\]\s+too few/,
      );
      expect(table.stdout).toMatch(/Association, not causation/);

      const unknown = await cli([...args, "--channel", "fax", "--json"]);
      expect(unknown.code).toBe(2);
      expect(unknown.stdout).toBe("");
      expect(unknown.stderr).toMatch(/unknown channel: fax/);
    });

    it("kpis, personas, heatmap and emotion print JSON only, with ISO dates", async () => {
      const period = ["--from", "2020-01-01", "--to", "2020-02-01", "--json"];
      const kpis = json<{ current: Record<string, unknown> }>(await cli(["kpis", ...period]));
      expect(kpis.current).toMatchObject({
        from: "2020-01-01T00:00:00.000Z",
        to: "2020-02-01T00:00:00.000Z",
        activeCustomers: 5,
        events: 11,
        conversionRate: 0.4,
        revenue: 70,
      });
      const personas = json<{ personas: { persona: string; events: number }[] }>(
        await cli(["personas", ...period, "--persona", "unassigned"]),
      );
      expect(personas.personas.reduce((n, p) => n + p.events, 0)).toBe(11);
      for (const command of ["heatmap", "emotion"]) {
        const r = await cli([command, ...period, "--channel", "web,social"]);
        expect(r.code, `${command}: ${r.stderr}`).toBe(0);
        expect(() => JSON.parse(r.stdout)).not.toThrow();
      }
    });

    it("unknown catalogue keys are usage errors: stderr, exit 2, nothing on stdout", async () => {
      const persona = await cli(["kpis", ...FUNNEL_ARGS.slice(3), "--persona", "ghost", "--json"]);
      expect([persona.code, persona.stdout]).toEqual([2, ""]);
      expect(persona.stderr).toMatch(/unknown persona: ghost/);
      const stage = await cli(["funnel", "--steps", "discovery,nowhere", ...FUNNEL_ARGS.slice(3)]);
      expect([stage.code, stage.stdout]).toEqual([2, ""]);
      expect(stage.stderr).toMatch(/unknown stage: nowhere/);
    });

    it("users create reads the password from stdin, refuses duplicates and bad input; users list shows them", async () => {
      const create = (args: string[], input: string) =>
        runCli(target, ["users", "create", ...args], { input });
      const made = await create(
        ["--email", "Ops@Example.com", "--role", "admin", "--password-stdin", "--json"],
        "a long enough password\n",
      );
      expect(made.stderr).toBe("");
      expect(JSON.parse(made.stdout)).toMatchObject({ email: "ops@example.com", role: "admin" });

      const again = await create(
        ["--email", "ops@example.com", "--role", "viewer", "--password-stdin"],
        "a long enough password",
      );
      expect({ code: again.code, stdout: again.stdout }).toEqual({ code: 1, stdout: "" });
      expect(again.stderr).toMatch(/a user with the email ops@example.com already exists/);

      const cases: [string[], string, RegExp][] = [
        [
          ["--email", "x@example.com", "--role", "owner", "--password-stdin"],
          "long enough pass",
          /--role: role must be one of viewer, manager, admin/,
        ],
        [
          ["--email", "not-an-email", "--role", "viewer", "--password-stdin"],
          "long enough pass",
          /--email: enter a valid email address/,
        ],
        [
          ["--email", "y@example.com", "--role", "viewer", "--password-stdin"],
          "short",
          /at least 12 characters/,
        ],
        [
          ["--email", "z@example.com", "--role", "viewer"],
          "",
          /no password: pass --password-stdin/,
        ],
      ];
      for (const [args, input, message] of cases) {
        const result = await create(args, input);
        expect({ args, code: result.code, stdout: result.stdout }).toEqual({
          args,
          code: 2,
          stdout: "",
        });
        expect(result.stderr).toMatch(message);
      }

      const listed = await runCli(target, ["users", "list", "--json"]);
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({ email: "ops@example.com", role: "admin", disabled: false }),
      ]);
    });

    it("keys create prints the key once as JSON, keys revoke revokes it, keys list never shows keys", async () => {
      const created = await runCli(target, ["keys", "create", "--name", "Website tag", "--json"]);
      expect(created.stderr).toBe("");
      const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
      expect(id).toMatch(/^\d+$/);
      expect(key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
      const revoked = await runCli(target, ["keys", "revoke", id]);
      expect(revoked.code).toBe(0);
      const listed = await runCli(target, ["keys", "list", "--json"]);
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({
          id,
          name: "Website tag",
          prefix: key.slice(0, 10),
          revoked: true,
        }),
      ]);
      expect(listed.stdout).not.toContain(key);
      const unknown = await runCli(target, ["keys", "revoke", "999"]);
      expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 1, stdout: "" });
      expect(unknown.stderr).toMatch(/no API key with id 999/);
      const bad = await runCli(target, ["keys", "create", "--name", "  "]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/a key needs a name/);
    });
  });
}
