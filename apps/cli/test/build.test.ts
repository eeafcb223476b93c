import { spawnSync } from "node:child_process";
import { readFileSync, statSync, utimesSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli } from "./cli";

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const launcher = join(cliRoot, "bin", "parcours.mjs");

function launch(args: string[]) {
  return spawnSync(process.execPath, [launcher, ...args], { encoding: "utf8" });
}

/** The top-level commands `parcours --help` lists. */
function listedCommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? "";
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].flatMap((match) =>
    match[1] && match[1] !== "help" ? [match[1]] : [],
  );
}

describe("the built CLI", () => {
  let target: CliTarget;
  beforeAll(async () => {
    target = await cliTarget("pglite");
  });
  afterAll(() => target.cleanup());

  it("loads each command on its own: every command of --help answers its own --help", async () => {
    const help = await runCli(target, ["--help"]);
    expect(help.code).toBe(0);
    const commands = listedCommands(help.stdout);
    expect(commands).toEqual(expect.arrayContaining(["db", "catalog", "kpis", "users"]));
    const results = await Promise.all(
      commands.map(async (command) => ({
        command,
        result: await runCli(target, [command, "--help"]),
      })),
    );
    for (const { command, result } of results) {
      expect({ command, code: result.code, stderr: result.stderr }).toEqual({
        command,
        code: 0,
        stderr: "",
      });
      expect(result.stdout).toMatch(new RegExp(`^Usage: parcours ${command}\\b`));
    }
  });

  it("`pnpm parcours` rebuilds when a source it bundles changed since the last build, and only then", () => {
    // A workspace package's source, not the CLI's own: the bundle holds them too. Its contents
    // are left alone; a new modification time is a change as far as the build can tell.
    const source = join(cliRoot, "..", "..", "packages", "validators", "src", "csv-cell.ts");
    const stamp = join(cliRoot, "dist", "inputs.json");
    expect(Object.keys(JSON.parse(readFileSync(stamp, "utf8")))).toContain(
      "../../packages/validators/src/csv-cell.ts",
    );
    // In the past: a file changed while a build ran is rebuilt again, which is not this case.
    const changed = new Date(Date.now() - 5000);
    const before = Date.now();
    utimesSync(source, changed, changed);
    const stale = launch(["--help"]);
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stderr).toContain("building the CLI");
    expect(stale.stdout).toContain("Usage: parcours");
    expect(statSync(stamp).mtimeMs).toBeGreaterThanOrEqual(before - 100);

    const fresh = launch(["--help"]);
    expect(fresh.status).toBe(0);
    expect(fresh.stderr).toBe("");
  });
});
