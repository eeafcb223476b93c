import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli, seedCatalogueOnly } from "./cli";

const TARGETS = process.env.DATABASE_URL
  ? (["pglite", "postgres"] as const)
  : (["pglite"] as const);

// One buyer of two visitors on 2020-01-08; the demo catalogue's channels.
const EVENTS = [
  "event_id,customer_id,occurred_at,touchpoint,type,revenue",
  "s1,s1,2020-01-08T10:00:00Z,website,view,",
  "s2,s2,2020-01-08T10:00:00Z,website,view,",
  "s3,s2,2020-01-08T11:00:00Z,web_checkout,purchase,30.00",
].join("\n");

describe.each(TARGETS)("parcours spend on %s", (name) => {
  let target: CliTarget;
  const cli = (args: string[]) => runCli(target, args);
  const write = (file: string, text: string) => writeFileSync(join(target.dir, file), text);

  beforeAll(async () => {
    target = await cliTarget(name);
    await seedCatalogueOnly(target);
    write("events.csv", EVENTS);
    expect((await cli(["import", "events.csv", "--json"])).code).toBe(0);
  });
  afterAll(() => target.cleanup());

  it("imports a CSV and lists it per month, as a table and as JSON", async () => {
    write("spend.csv", 'day,channel,amount\n2020-01-08,web,"12,50"\n2020-01-09,web,7.5\n');
    const imported = await cli(["spend", "import", "spend.csv", "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({
      rows: 2,
      days: 2,
      channels: 1,
      totalCents: 2_000,
      firstDay: "2020-01-08",
      lastDay: "2020-01-09",
    });
    const listed = await cli(["spend", "list", "--json"]);
    expect(JSON.parse(listed.stdout)).toEqual({
      months: [{ month: "2020-01", channel: "web", channelName: "Web", cents: 2_000, days: 2 }],
      totalCents: 2_000,
      firstDay: "2020-01-08",
      lastDay: "2020-01-09",
    });
    const text = await cli(["spend", "list"]);
    expect(text.stdout).toMatch(/2020-01\s+web\s+2\s+20\.00/);
  });

  it("a refused file exits 1 with each bad line and stores nothing", async () => {
    write(
      "bad.csv",
      "date,channel,amount\n2020-01-10,web,1\n2020-01-11,radio,2\n2020-01-12,web,-3\n",
    );
    const refused = await cli(["spend", "import", "bad.csv"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("line 3: no channel with the key “radio” in the catalogue");
    expect(refused.stderr).toContain("line 4: the amount -3 is negative");
    const listed = JSON.parse((await cli(["spend", "list", "--json"])).stdout) as {
      lastDay: string;
    };
    expect(listed.lastDay).toBe("2020-01-09");
  });

  it("the cost per buyer on 2020-01-08: 12.50 ÷ 1 buyer; catalog export does not carry spend", async () => {
    const exported = await cli(["catalog", "export"]);
    expect(exported.stdout).not.toMatch(/spend|12\.5/i);
    const doc = JSON.parse(exported.stdout) as {
      stages: { key: string; conversion: boolean; metrics: unknown[] }[];
    };
    const purchase = doc.stages.find((s) => s.conversion);
    if (!purchase) throw new Error("no conversion stage");
    purchase.metrics = [
      {
        key: "cost_per_buyer",
        name: "Cost per buyer",
        kind: "cost",
        channels: ["web"],
        per: { kind: "customers", of: { touchpoints: [], types: ["purchase"] } },
        target: null,
      },
    ];
    write("edited.json", JSON.stringify(doc));
    expect((await cli(["catalog", "apply", "edited.json"])).code).toBe(0);
    const result = await cli([
      "stage-metrics",
      "--from",
      "2020-01-08",
      "--to",
      "2020-01-09",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as {
      stages: { stage: string; metrics: { key: string; value: number | null; n: number }[] }[];
    };
    expect(json.stages.find((s) => s.stage === purchase.key)?.metrics).toEqual([
      expect.objectContaining({ key: "cost_per_buyer", value: 12.5, n: 1 }),
    ]);
  });

  it("deletes a period's spend; a bad period is a usage error", async () => {
    const bad = await cli(["spend", "delete", "--from", "2020-02-01", "--to", "2020-01-01"]);
    expect(bad.code).toBe(2);
    const deleted = await cli([
      "spend",
      "delete",
      "--from",
      "2020-01-09",
      "--to",
      "2020-01-10",
      "--json",
    ]);
    expect(JSON.parse(deleted.stdout)).toEqual({ rows: 1 });
  });
});
