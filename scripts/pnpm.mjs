// Runs the repository's pnpm on a machine that may only have Node.js and npm.
import { spawn, spawnSync } from "node:child_process";
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

/**
 * Runs pnpm with inherited stdio like `pnpm()`, and while it runs prints how long it has been
 * running every `everySeconds`: a long quiet phase (the production build's compilation) then
 * reads as work in progress, not as a hang.
 */
export function pnpmWithHeartbeat(args, { label, everySeconds = 20 }) {
  const [cmd, ...pre] = base;
  const started = Date.now();
  const child = spawn(cmd, [...pre, ...args], { cwd: root, stdio: "inherit" });
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    const elapsed =
      seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
    console.log(`  … ${label}: ${elapsed} so far`);
  }, everySeconds * 1000);
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      clearInterval(timer);
      if (code !== 0) {
        console.error(`\n✗ pnpm ${args.join(" ")} failed (exit ${code ?? signal}).`);
        process.exit(code ?? 1);
      }
      resolve();
    });
  });
}

export function step(message) {
  console.log(`\n▶ ${message}`);
}
