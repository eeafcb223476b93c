// Runs the repository's pnpm on a machine that may only have Node.js and npm.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const wanted = pkg.packageManager.replace(/^pnpm@/, "");

function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim().split(".")[0] === wanted.split(".")[0]) {
    return ["pnpm"];
  }
  return ["npx", "--yes", `pnpm@${wanted}`];
}

const base = pnpmCommand();

/** The command and arguments that run pnpm with `args`, for spawn(). */
export function pnpmSpawnArgs(args) {
  const [cmd, ...pre] = base;
  return [cmd, [...pre, ...args]];
}

/** Runs pnpm with inherited stdio; exits the process with pnpm's code when it fails. */
export function pnpm(args, options = {}) {
  const [cmd, ...pre] = base;
  const result = spawnSync(cmd, [...pre, ...args], { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`\n✗ pnpm ${args.join(" ")} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  return result;
}

export function step(message) {
  console.log(`\n▶ ${message}`);
}
