/**
 * `pnpm bench`: seeds demo data at benchmark sizes (reused between runs), times every
 * aggregate, the CSV import and the default demo seed, prints the figures and writes
 * docs/benchmarks.md. Sizes: BENCH_EVENTS (comma list, default 1000000); databases:
 * BENCH_TARGETS (default "postgres,pglite"; postgres needs DATABASE_URL or BENCH_DATABASE_URL);
 * BENCH_IMPORT_ROWS (default 200000; 0 skips the CSV import). With a ClickHouse answering
 * (CLICKHOUSE_BENCH_URL, CLICKHOUSE_URL or a local server), the PostgreSQL → ClickHouse sync is
 * timed on the PostgreSQL databases too, into its own section (bench/clickhouse-sync.ts).
 */
import { join } from "node:path";
import { findRepoRoot } from "../src/client";
import { benchClickHouseSync } from "./clickhouse-sync";
import { benchDefaultSeed, benchImport } from "./import";
import { describeMachine } from "./machine";
import { benchQueries, type QueryFigures } from "./queries";
import { writeSection } from "./sections";
import { openBenchDatabase } from "./targets";

const sizes = (process.env.BENCH_EVENTS ?? "1000000").split(",").map((s) => Number(s.trim()));
const targets = (process.env.BENCH_TARGETS ?? "postgres,pglite").split(",").map((s) => s.trim());
const runs = Number(process.env.BENCH_RUNS ?? "5");
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? "200000");
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
/** PGlite is single-threaded WebAssembly: its comparison point is 1M events, not 10M. */
const pgliteMaxEvents = Number(process.env.BENCH_PGLITE_MAX_EVENTS ?? "1000000");

const lines: string[] = [];
const log = (line = "") => {
  console.log(line);
  lines.push(line);
};

const TARGETS_MS: Record<string, number> = {
  funnel: 1000,
  heatmap: 300,
  personas: 300,
  emotion: 300,
  kpis: 300,
};

async function main() {
  const repo = findRepoRoot();
  log("## Data package (`pnpm bench`)");
  log();
  log(`Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`pnpm bench\`.`);
  log(`Machine: ${describeMachine()}.`);
  log(`Each figure is the median of ${runs} runs after one warm-up run.`);
  log();
  const all: QueryFigures[] = [];
  for (const target of targets) {
    if (target === "postgres" && !serverUrl) {
      log(`(skipped PostgreSQL: set DATABASE_URL or BENCH_DATABASE_URL)`);
      continue;
    }
    for (const events of sizes) {
      if (target === "pglite" && events > pgliteMaxEvents) {
        log(
          `(PGlite skipped at ${events.toLocaleString("en")} events: above BENCH_PGLITE_MAX_EVENTS)`,
        );
        continue;
      }
      const bench = await openBenchDatabase(target, events, serverUrl, repo, log);
      try {
        all.push(await benchQueries(bench, runs, log));
        if (target === "postgres") await benchClickHouseSync(bench);
      } finally {
        await bench.handle.close();
      }
    }
  }
  log();
  log("### Aggregates");
  log();
  log("| database | events | customers | query | median ms | min–max ms | target ms |");
  log("|---|---:|---:|---|---:|---:|---:|");
  for (const fig of all) {
    for (const q of fig.queries) {
      const target = TARGETS_MS[q.name];
      const limit =
        target === undefined ? "" : fig.target === "pglite" ? `${target * 3} (3×)` : `${target}`;
      log(
        `| ${fig.label} | ${fig.events.toLocaleString("en")} | ${fig.customers.toLocaleString("en")} | ${q.description} | ${q.median.toFixed(0)} | ${q.min.toFixed(0)}–${q.max.toFixed(0)} | ${limit} |`,
      );
    }
  }
  log();
  log("### Import and seeding");
  log();
  if (importRows <= 0) log("(CSV import skipped: BENCH_IMPORT_ROWS is 0)");
  else {
    for (const target of targets) {
      if (target === "postgres" && !serverUrl) continue;
      await benchImport(target, serverUrl, importRows, log);
    }
  }
  await benchDefaultSeed(log);

  const out = join(repo, "docs", "benchmarks.md");
  writeSection(out, "db", lines.join("\n"));
  console.log(`\nWritten to ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
