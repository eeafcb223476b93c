import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, type RunOptions, runCli } from "./cli";
import { FUNNEL_ARGS } from "./fixtures";

const PERIOD = FUNNEL_ARGS.slice(3);

// Each of these fails before any database is opened, so they run side by side, once.
const CASES: [string[], number, RegExp, RunOptions?][] = [
  [["funnel", "--steps", "discovery", ...PERIOD, "--json"], 2, /--steps needs 2 to 10/],
  [["funnel", "--steps", "discovery,Bad", ...PERIOD], 2, /--steps: "Bad" is not a step/],
  [[...FUNNEL_ARGS, "--exclude", "1:store"], 2, /--exclude "1:store": STEP is a later step/],
  [[...FUNNEL_ARGS, "--exclude", "4:store"], 2, /from 2 to 3 \(the first has nothing/],
  [[...FUNNEL_ARGS, "--exclude", "store"], 2, /--exclude "store" is not STEP:TOUCHPOINT/],
  [[...FUNNEL_ARGS, "--exclude", "2:@Bad"], 2, /--exclude "2:@Bad": must be a lower-case/],
  [[...FUNNEL_ARGS, "--window", "0d", "--json"], 2, /--window "0d" must be more than 0/],
  [[...FUNNEL_ARGS, "--window", "soon", "--json"], 2, /--window "soon" is not a duration/],
  [[...FUNNEL_ARGS, "--persona", "Bad Key", "--json"], 2, /--persona "Bad Key": must be/],
  [["funnel", "--steps", "discovery,purchase", "--to", "2020-01-01"], 2, /--from <iso>/],
  [["kpis", "--from", "2020-02-01", "--to", "2020-01-01"], 2, /--from must be before --to/],
  [["heatmap", "--from", "yesterday", "--to", "2020-01-01"], 2, /--from "yesterday" is not an ISO/],
  [["emotion", "--from", "2020-02-30", "--to", "2020-04-01"], 2, /--from "2020-02-30" is not/],
  [["import", "missing.csv", "--json"], 2, /no such file: .*missing\.csv/],
  [["import", "notes.txt", "--json"], 2, /cannot tell the format/],
  [["import", "notes.txt", "--format", "xml"], 2, /--format must be csv or ndjson, not "xml"/],
  [["export", "events", "--format", "xml"], 2, /--format must be csv or ndjson/],
  [["db", "seed", "--customers", "many"], 2, /--customers must be a whole number/],
  [["frobnicate"], 2, /unknown command 'frobnicate'/],
  [["catalog", "--json"], 1, /invalid environment: DATABASE_URL/, { env: { DATABASE_URL: "x" } }],
];

describe("parcours CLI usage errors", () => {
  let target: CliTarget;
  beforeAll(async () => {
    target = await cliTarget("pglite");
    writeFileSync(join(target.dir, "notes.txt"), "hello");
  });
  afterAll(() => target.cleanup());

  it("go to stderr with exit 2 (1 for a bad environment), and nothing on stdout", async () => {
    const results = await Promise.all(
      CASES.map(async ([args, code, message, options]) => ({
        args,
        code,
        message,
        result: await runCli(target, args, options),
      })),
    );
    for (const { args, code, message, result } of results) {
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({
        args,
        code,
        stdout: "",
      });
      expect(result.stderr).toMatch(message);
    }
  });
});
