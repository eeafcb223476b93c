import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createDatabase, queryRows } from "@parcours/db";
import type { TCatalogueDocument } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli } from "./cli";
import { TINY_CSV } from "./fixtures";

/** Reads the target's database directly (the CLI is not running: PGlite allows one process). */
async function rows<T>(target: CliTarget, query: ReturnType<typeof sql>): Promise<T[]> {
  const handle = createDatabase({
    url: target.env.DATABASE_URL || undefined,
    dataDir: target.env.PARCOURS_DATA_DIR,
  });
  try {
    return await queryRows<T>(handle.db, query);
  } finally {
    await handle.close();
  }
}

const kinds = (["pglite", "postgres"] as const).filter(
  (k) => k === "pglite" || Boolean(process.env.DATABASE_URL),
);

describe.each(kinds)("catalog export / apply on %s", (name) => {
  let demo: CliTarget;
  let fresh: CliTarget;
  let exported: string;

  beforeAll(async () => {
    [demo, fresh] = await Promise.all([cliTarget(name), cliTarget(name)]);
    const seeded = await runCli(demo, ["db", "seed", "--catalogue-only"]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const out = await runCli(demo, ["catalog", "export", "--output", "catalogue.json"]);
    expect(out.code, out.stderr).toBe(0);
    exported = readFileSync(join(demo.dir, "catalogue.json"), "utf8");
  }, 120_000);
  afterAll(async () => {
    await demo?.cleanup();
    await fresh?.cleanup();
  });

  it("db seed --catalogue-only gives the demo catalogue and personas without customers or events", async () => {
    const doc = JSON.parse(exported) as TCatalogueDocument;
    expect(doc.stages.map((s) => s.key)).toEqual([
      "discovery",
      "consideration",
      "decision",
      "purchase",
      "after_sales",
      "loyalty",
    ]);
    expect(doc.stages.filter((s) => s.conversion).map((s) => s.key)).toEqual(["purchase"]);
    expect(doc.touchpoints.length).toBeGreaterThan(10);
    expect(doc.personas.map((p) => p.key)).toContain("loyal_regular");
    expect(doc.personas[0]?.rules.conditions.length).toBeGreaterThan(0);
    const [counts] = await rows<{ customers: number; events: number }>(
      demo,
      sql`SELECT (SELECT count(*) FROM customers)::int AS customers,
            (SELECT count(*) FROM events)::int AS events`,
    );
    expect(counts).toEqual({ customers: 0, events: 0 });
  });

  it("a wrong document is refused with the path of what is wrong, and nothing is written", async () => {
    const doc = JSON.parse(exported) as TCatalogueDocument;
    const wrong = {
      ...doc,
      touchpoints: [{ ...doc.touchpoints[0], channel: "fax" }, ...doc.touchpoints.slice(1)],
    };
    writeFileSync(join(fresh.dir, "wrong.json"), JSON.stringify(wrong));
    const refused = await runCli(fresh, ["catalog", "apply", "wrong.json"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/touchpoints\.0\.channel: no channel with the key fax/);
    // One failing write inside the transaction undoes the ones before it (the stages here).
    const reserved = { ...doc, personas: [{ ...doc.personas[0], key: "new" }] };
    writeFileSync(join(fresh.dir, "reserved.json"), JSON.stringify(reserved));
    const failed = await runCli(fresh, ["catalog", "apply", "reserved.json"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/persona key new is reserved/);
    const [left] = await rows<{ n: number }>(
      fresh,
      sql`SELECT ((SELECT count(*) FROM stages) + (SELECT count(*) FROM channels)
            + (SELECT count(*) FROM touchpoints) + (SELECT count(*) FROM personas)
            + (SELECT count(*) FROM audit_log))::int AS n`,
    );
    expect(left?.n).toBe(0);
  });

  it("round trip: the demo's export applied to an empty database exports the same; again is a no-op", async () => {
    writeFileSync(join(fresh.dir, "catalogue.json"), exported);
    const dry = await runCli(fresh, ["catalog", "apply", "catalogue.json", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^stages: \+ discovery \(added\)$/m);
    expect(dry.stdout).toMatch(/^personas: \+ loyal_regular \(added\)$/m);
    expect(dry.stderr).toMatch(/Dry run: nothing was written/);
    const [afterDry] = await rows<{ n: number }>(fresh, sql`SELECT count(*)::int AS n FROM stages`);
    expect(afterDry?.n).toBe(0);

    const applied = await runCli(fresh, ["catalog", "apply", "catalogue.json"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toBe(dry.stdout);
    const again = await runCli(fresh, ["catalog", "export"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(exported);
    const noop = await runCli(fresh, ["catalog", "apply", "catalogue.json"]);
    expect(noop.code, noop.stderr).toBe(0);
    expect(noop.stdout).toMatch(/^No changes/);

    const audit = await rows<{ action: string; actor_email: string; n: number }>(
      fresh,
      sql`SELECT action, actor_email, count(*)::int AS n FROM audit_log
          GROUP BY action, actor_email ORDER BY action`,
    );
    const doc = JSON.parse(exported) as TCatalogueDocument;
    expect(audit.map((a) => [a.action, a.n])).toEqual([
      ["channel.create", doc.channels.length],
      ["persona.create", doc.personas.length],
      ["stage.conversion", 1],
      ["stage.create", doc.stages.length],
      // One per stage the demo gives metrics (applied after the touchpoints they name).
      ["stage.metrics", doc.stages.filter((s) => s.metrics.length > 0).length],
      ["touchpoint.create", doc.touchpoints.length],
    ]);
    expect(audit.every((a) => a.actor_email.startsWith("cli:"))).toBe(true);

    // What the catalogue was for: an import that an empty database rejected is accepted.
    writeFileSync(join(fresh.dir, "tiny.csv"), TINY_CSV);
    const imported = await runCli(fresh, ["import", "tiny.csv", "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ accepted: 12 });
  });

  it("apply changes, reorders and archives what the document says, through the editors", async () => {
    const doc = JSON.parse(exported) as TCatalogueDocument;
    const [first, second, ...rest] = doc.stages;
    if (!first || !second) throw new Error("the demo has stages");
    const edited: TCatalogueDocument = {
      ...doc,
      stages: [second, { ...first, name: "Awareness" }, ...rest],
      personas: doc.personas.filter((p) => p.key !== "bargain_hunter"),
    };
    writeFileSync(join(demo.dir, "edited.json"), JSON.stringify(edited));
    const applied = await runCli(demo, ["catalog", "apply", "edited.json"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^stages: ~ discovery \(name\)$/m);
    expect(applied.stdout).toMatch(/^stages: ~ new order consideration → discovery → /m);
    expect(applied.stdout).toMatch(/^personas: - bargain_hunter \(archived\)$/m);
    const audit = await rows<{ action: string; entity_id: string }>(
      demo,
      sql`SELECT action, entity_id FROM audit_log ORDER BY id`,
    );
    expect(audit.map((a) => `${a.action} ${a.entity_id}`)).toEqual([
      "stage.update discovery",
      "stage.reorder order",
      "persona.archive bargain_hunter",
    ]);
    const [p] = await rows<{ archived: boolean }>(
      demo,
      sql`SELECT archived_at IS NOT NULL AS archived FROM personas WHERE key = 'bargain_hunter'`,
    );
    expect(p?.archived).toBe(true);
  });

  it("YAML: export --output *.yaml writes YAML, and applying it is a no-op; its errors name the path", async () => {
    const out = await runCli(demo, ["catalog", "export", "--output", "catalogue.yaml"]);
    expect(out.code, out.stderr).toBe(0);
    const yaml = readFileSync(join(demo.dir, "catalogue.yaml"), "utf8");
    expect(yaml).toMatch(/^version: 1\nchannels:\n {2}- key: /);
    const noop = await runCli(demo, ["catalog", "apply", "catalogue.yaml"]);
    expect(noop.code, noop.stderr).toBe(0);
    expect(noop.stdout).toMatch(/^No changes/);
    writeFileSync(
      join(demo.dir, "wrong.yml"),
      yaml.replace(/^(\s+)colour: .*$/m, "$1colour: blue"),
    );
    const refused = await runCli(demo, ["catalog", "apply", "wrong.yml"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/personas\.0\.colour: must be a colour such as #2563eb/);
  });
});
