import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli, seedCatalogueOnly } from "./cli";

// Two customers see the website; one of them buys. The period before holds one view.
const CSV = [
  "event_id,customer_id,occurred_at,touchpoint,type,revenue",
  "s0,s0,2020-01-01T10:00:00Z,website,view,",
  "s1,s1,2020-01-07T10:00:00Z,website,view,",
  "s2,s2,2020-01-08T10:00:00Z,website,view,",
  "s3,s2,2020-01-08T11:00:00Z,web_checkout,purchase,30.00",
].join("\n");

interface Json {
  stages: {
    stage: string;
    metrics: {
      key: string;
      value: number | null;
      status: string | null;
      previous: number | null;
    }[];
  }[];
}

const TARGETS = process.env.DATABASE_URL
  ? (["pglite", "postgres"] as const)
  : (["pglite"] as const);

describe.each(TARGETS)("parcours stage-metrics on %s", (name) => {
  let target: CliTarget;
  const cli = (args: string[]) => runCli(target, args);

  beforeAll(async () => {
    target = await cliTarget(name);
    await seedCatalogueOnly(target);
    writeFileSync(join(target.dir, "events.csv"), CSV);
    const imported = await cli(["import", "events.csv", "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => target.cleanup());

  it("a metric added with catalog apply is exported and measured: 1 buyer of 2 visitors = 0.5 against >= 0.4, met; 0 of 1 before", async () => {
    const exported = await cli(["catalog", "export", "--output", "catalogue.json"]);
    expect(exported.code, exported.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(target.dir, "catalogue.json"), "utf8")) as {
      stages: { key: string; conversion: boolean; metrics: unknown[] }[];
    };
    const purchase = doc.stages.find((s) => s.conversion);
    if (!purchase) throw new Error("no conversion stage");
    purchase.metrics = [
      {
        key: "conversion",
        name: "Conversion rate",
        kind: "ratio",
        numerator: { kind: "customers", of: { touchpoints: [], types: ["purchase"] } },
        denominator: { kind: "customers", of: { touchpoints: ["website"], types: [] } },
        target: { op: "gte", value: 0.4 },
      },
    ];
    writeFileSync(join(target.dir, "edited.json"), JSON.stringify(doc));
    const applied = await cli(["catalog", "apply", "edited.json"]);
    expect(applied.code, applied.stderr).toBe(0);
    const again = JSON.parse((await cli(["catalog", "export"])).stdout) as typeof doc;
    expect(again.stages.find((s) => s.key === purchase.key)?.metrics).toEqual(purchase.metrics);

    const result = await cli([
      "stage-metrics",
      "--from",
      "2020-01-06",
      "--to",
      "2020-01-11",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as Json;
    expect(json.stages.find((s) => s.stage === purchase.key)?.metrics).toEqual([
      expect.objectContaining({ key: "conversion", value: 0.5, status: "met", previous: 0 }),
    ]);
    const text = await cli(["stage-metrics", "--from", "2020-01-06", "--to", "2020-01-11"]);
    expect(text.stdout).toMatch(/Conversion rate\s+50\.0%\s+2\s+>= 40\.0%\s+met\s+0\.0%/);
  });
});
