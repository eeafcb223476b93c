import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli, seedCatalogueOnly } from "./cli";

// Issue 17 item 4: an admin erases one customer's comments (and what identifies them) from
// the command line too, in one action.

describe("parcours erase-customer (PGlite)", () => {
  let target: CliTarget;
  beforeAll(async () => {
    target = await cliTarget("pglite");
    await seedCatalogueOnly(target);
    const file = join(target.dir, "events.csv");
    writeFileSync(
      file,
      [
        "event_id,customer_id,occurred_at,touchpoint,type,satisfaction,comment",
        "x1,jane@example.com,2025-01-05T10:00:00Z,web_checkout,purchase,1,Appelez-moi au 06 12 34 56 78",
        "x2,jane@example.com,2025-01-06T10:00:00Z,delivery,delivery,2,Colis en retard",
        "x3,other,2025-01-06T10:00:00Z,delivery,delivery,4,",
        "",
      ].join("\n"),
    );
    const imported = await runCli(target, ["import", file]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => target.cleanup());

  it("erases the customer's comments and says how many", async () => {
    const run = await runCli(target, ["erase-customer", "jane@example.com", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ id: expect.any(Number), comments: 2 });
  });

  it("names an id it does not know (exit 1), and refuses an empty one as a usage error (exit 2)", async () => {
    const again = await runCli(target, ["erase-customer", "jane@example.com"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no customer has the id "jane@example.com"');
    const empty = await runCli(target, ["erase-customer", ""]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("a customer id is at least 1 character");
  });
});
