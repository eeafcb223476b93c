// How long `parcours <args>` takes from start to exit, built (dist/) and run the way
// `pnpm parcours` runs it, against the database the environment names (DATABASE_URL, else
// PGlite in PARCOURS_DATA_DIR or .data/). docs/benchmarks.md, section "CLI start-up".
//
//   node apps/cli/bench/start-up.mjs [--runs 15] [-- catalog --json]
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, release } from "node:os";
import { parseArgs } from "node:util";
import { ensureBuilt, outfile } from "../build.mjs";

const { values, positionals } = parseArgs({
  options: { runs: { type: "string", default: "15" } },
  allowPositionals: true,
});
const runs = Number(values.runs);
const args = positionals.length > 0 ? positionals : ["catalog", "--json"];

/**
 * CPU time (user + system, ms) of the children this process has waited for, from Linux's
 * /proc (null elsewhere): on a busy machine it moves far less than the wall-clock time.
 */
function childrenCpuMs() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
    // cutime and cstime, fields 16 and 17 of proc(5), in clock ticks of 10 ms.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function run() {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [outfile, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`parcours ${args.join(" ")}: ${result.stderr}`);
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuAfter = childrenCpuMs();
  return { wall, cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return `min ${Math.round(sorted[0] ?? 0)} ms, median ${Math.round(median)} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms`;
}

await ensureBuilt();
run(); // warms the file cache
const load = loadavg()[0];
const results = Array.from({ length: runs }, run);
const cpu = results.map((r) => r.cpu).filter((ms) => ms !== null);
const database = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
console.log(
  `parcours ${args.join(" ")} on ${database}, ${runs} runs: ${summary(results.map((r) => r.wall))}` +
    (cpu.length > 0 ? `; CPU (user + system) ${summary(cpu)}` : "") +
    "; " +
    `load average ${load.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after; ` +
    `${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, kernel ${release()}, Node ${process.version}`,
);
