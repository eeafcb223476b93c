/**
 * The PostgreSQL → ClickHouse sync's throughput (target ≥ 100,000 events/s): the full copy of a
 * benchmark database into an empty ClickHouse database, as a first `parcours analytics sync`
 * does (events, customers, catalogue), BENCH_SYNC_RUNS times (default 3). Part of `pnpm bench`
 * (PostgreSQL databases); alone: `pnpm --filter @parcours/db bench:clickhouse-sync` with
 * BENCH_EVENTS (default 1000000) and DATABASE_URL or BENCH_DATABASE_URL. ClickHouse:
 * CLICKHOUSE_BENCH_URL or CLICKHOUSE_URL (default http://127.0.0.1:8123). Writes its section of
 * docs/benchmarks.md.
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ClickHouseUnavailableError,
  createClickHouse,
  parseClickHouseUrl,
} from "../src/analytics/clickhouse/client";
import { chSql, lit } from "../src/analytics/clickhouse/literal";
import { migrateClickHouse } from "../src/analytics/clickhouse/migrate";
import { DEFAULT_BATCH_ROWS, syncToClickHouse } from "../src/analytics/clickhouse/sync";
import { findRepoRoot } from "../src/client";
import { describeMachine, median, serverVersion } from "./machine";
import { writeSection } from "./sections";
import { type BenchDatabase, openBenchDatabase } from "./targets";

const runs = Number(process.env.BENCH_SYNC_RUNS ?? "3");

function clickHouseServer(): string {
  return parseClickHouseUrl(
    process.env.CLICKHOUSE_BENCH_URL || process.env.CLICKHOUSE_URL || "http://127.0.0.1:8123",
  ).server;
}

const rows: string[] = [];
let header: string[] = [];

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");

/**
 * Times the full copy of `bench` (a PostgreSQL database) into a fresh ClickHouse database and
 * rewrites this benchmark's section with every size measured so far in this process.
 */
export async function benchClickHouseSync(bench: BenchDatabase): Promise<void> {
  const database = `parcours_bench_sync_${process.pid}`;
  const ch = createClickHouse(`${clickHouseServer()}/${database}`);
  try {
    try {
      await ch.ping();
    } catch (error) {
      if (!(error instanceof ClickHouseUnavailableError)) throw error;
      console.log(`(ClickHouse sync skipped: ${error.message})`);
      return;
    }
    const [version] = await ch.serverQuery<{ v: string }>(chSql`SELECT version() AS v`);
    header = [
      "## ClickHouse sync (`pnpm bench`, bench/clickhouse-sync.ts)",
      "",
      `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. Machine: ${describeMachine()}.`,
      `${await serverVersion(bench.handle.db)} → ClickHouse ${version?.v ?? "unknown"} (HTTP, same machine).`,
      `The full copy of the benchmark database into an empty ClickHouse database, as a first \`parcours analytics sync\` does: each batch of ${DEFAULT_BATCH_ROWS.toLocaleString("en")} events leaves PostgreSQL as one CSV value (string_agg) and goes in as one CSV insert, the next batch read while the current one is written, customers alongside events, plus the catalogue. Median of ${runs} runs; the load average (1 / 5 / 15 min) shows how busy the shared machine was.`,
      "",
      "| database | events | customers | median s | events/s (median) | min–max events/s | load before → after | target |",
      "|---|---:|---:|---:|---:|---:|---|---:|",
    ];
    const timings: number[] = [];
    const loadBefore = load();
    for (let run = 0; run < runs; run++) {
      await ch.serverCommand(chSql`DROP DATABASE IF EXISTS ${lit.ident(database)}`);
      await migrateClickHouse(ch);
      const result = await syncToClickHouse(bench.handle.db, ch);
      const [count] = await ch.query<{ n: string }>(
        chSql`SELECT toString(count()) AS n FROM events`,
      );
      if (result.events !== bench.events || Number(count?.n) !== bench.events) {
        throw new Error(
          `the sync copied ${result.events} events and ClickHouse holds ${count?.n}; PostgreSQL has ${bench.events}`,
        );
      }
      timings.push(result.ms);
      console.log(
        `  sync run ${run + 1}: ${result.events} events in ${(result.ms / 1000).toFixed(1)} s (${Math.round((result.events / result.ms) * 1000)} events/s)`,
      );
    }
    const rate = (ms: number) => Math.round((bench.events / ms) * 1000).toLocaleString("en");
    const mid = median(timings);
    rows.push(
      `| ${bench.label} | ${bench.events.toLocaleString("en")} | ${bench.customers.toLocaleString("en")} | ${(mid / 1000).toFixed(1)} | **${rate(mid)}** | ${rate(Math.max(...timings))}–${rate(Math.min(...timings))} | ${loadBefore} → ${load()} | 100,000 |`,
    );
    const out = join(findRepoRoot(), "docs", "benchmarks.md");
    writeSection(out, "clickhouse-sync", [...header, ...rows].join("\n"));
    console.log(rows.at(-1));
  } finally {
    await ch.serverCommand(chSql`DROP DATABASE IF EXISTS ${lit.ident(database)}`).catch(() => {});
    await ch.close();
  }
}

async function main() {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("set DATABASE_URL or BENCH_DATABASE_URL (a PostgreSQL server)");
  const sizes = (process.env.BENCH_EVENTS ?? "1000000").split(",").map((s) => Number(s.trim()));
  for (const events of sizes) {
    const bench = await openBenchDatabase("postgres", events, serverUrl, findRepoRoot(), () => {});
    try {
      await benchClickHouseSync(bench);
    } finally {
      await bench.handle.close();
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
