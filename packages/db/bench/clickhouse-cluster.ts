/**
 * `pnpm --filter @parcours/db bench:clickhouse-cluster`: one ClickHouse server against the same
 * events on the two-shard cluster of scripts/clickhouse-cluster.sh, on the same machine, in one
 * run (issue 14). The single server's events are bench:clickhouse-metrics' databases
 * (parcours_bench_metrics_N, generated there); the cluster's database is filled from them
 * through its Distributed table. Every overview metric and the two raw references are timed on
 * both, in turn, round after round; the query log says what each shard read and sent; disk per
 * shard from system.parts. Then the sync's throughput from PostgreSQL into the cluster (the
 * 1M-event PostgreSQL benchmark database, DATABASE_URL or BENCH_DATABASE_URL).
 *
 * BENCH_EVENTS (default 1000000,10000000), BENCH_RUNS (default 3), BENCH_RUNS_10M (default 2),
 * CLICKHOUSE_BENCH_URL (default http://127.0.0.1:8123), CLICKHOUSE_CLUSTER (parcours),
 * CLICKHOUSE_CLUSTER_SHARDS (http://127.0.0.1:8124). Writes its section of docs/benchmarks.md.
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import type { TFunnelStep } from "@parcours/validators";
import {
  type ClickHouse,
  createClickHouse,
  parseClickHouseUrl,
} from "../src/analytics/clickhouse/client";
import { type ChSql, chSql, lit } from "../src/analytics/clickhouse/literal";
import { migrateClickHouse, migrateClickHouseCluster } from "../src/analytics/clickhouse/migrate";
import { syncToClickHouse } from "../src/analytics/clickhouse/sync";
import { findRepoRoot } from "../src/client";
import * as chm from "../src/metrics/clickhouse";
import type { Catalogue } from "../src/queries";
import { describeMachine, median } from "./machine";
import { writeSection } from "./sections";
import { openBenchDatabase } from "./targets";

const sizes = (process.env.BENCH_EVENTS ?? "1000000,10000000").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? "3");
const runsLarge = Number(process.env.BENCH_RUNS_10M ?? "2");
const server = parseClickHouseUrl(
  process.env.CLICKHOUSE_BENCH_URL ?? "http://127.0.0.1:8123",
).server;
const cluster = process.env.CLICKHOUSE_CLUSTER ?? "parcours";
const shardUrls = (process.env.CLICKHOUSE_CLUSTER_SHARDS ?? "http://127.0.0.1:8124").split(",");

// The period and catalogue of bench:clickhouse-metrics' generated events.
const END = new Date("2026-11-01T00:00:00Z");
const FROM = new Date(END.getTime() - 180 * 86_400_000);
const STAGES = ["discovery", "consideration", "decision", "purchase", "after_sales", "loyalty"];
const CHANNELS = ["app", "email", "store", "web"];
const catalogue: Catalogue = {
  stages: STAGES.map((key, i) => ({
    id: i + 1,
    key,
    name: key,
    position: i,
    goal: "",
    actions: [],
    isConversion: key === "purchase",
    metrics: [],
  })),
  touchpoints: STAGES.flatMap((stage, s) =>
    [1, 2].map((n) => {
      const id = 2 * s + n;
      return {
        id,
        key: `${stage}_${n}`,
        name: `${stage} ${n}`,
        channel: CHANNELS[(id - 1) % 4] ?? "web",
        stage,
      };
    }),
  ),
  channels: CHANNELS.map((key, i) => ({ id: i + 1, key, name: key })),
  personas: [1, 2, 3, 4].map((id) => ({
    id,
    key: `persona_${id}`,
    name: `Persona ${id}`,
    colour: "#000000",
    priority: id,
    description: "",
    goals: [],
    needs: [],
    painPoints: [],
  })),
};

const lines: string[] = [];
const log = (line = "") => {
  console.log(line);
  lines.push(line);
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
const count = async (ch: ClickHouse, sql: ChSql) =>
  Number((await ch.query<{ n: string }>(sql))[0]?.n ?? 0);

/** The cluster's copy of parcours_bench_metrics_N, filled through the Distributed tables. */
async function openClusterCopy(events: number): Promise<ClickHouse> {
  const source = `parcours_bench_metrics_${events}`;
  const ch = createClickHouse(`${server}/parcours_bench_cluster_${events}`, {
    requestTimeoutMs: 1_800_000,
    settings: { log_queries: 1 },
  });
  await migrateClickHouseCluster(ch, cluster, shardUrls);
  if ((await count(ch, chSql`SELECT toString(count()) AS n FROM events`)) !== events) {
    console.log(`(copying ${events.toLocaleString("en")} events into the cluster)`);
    for (const shard of [server, ...shardUrls]) {
      const s = createClickHouse(`${parseClickHouseUrl(shard).server}/${ch.database}`);
      await s.command(chSql`TRUNCATE TABLE events_local`);
      await s.command(chSql`TRUNCATE TABLE customers_local`);
      await s.close();
    }
    await ch.command(chSql`INSERT INTO events SELECT * FROM ${lit.ident(source)}.events`);
    await ch.command(chSql`INSERT INTO customers SELECT * FROM ${lit.ident(source)}.customers`);
    for (const shard of [server, ...shardUrls]) {
      const s = createClickHouse(`${parseClickHouseUrl(shard).server}/${ch.database}`, {
        requestTimeoutMs: 1_800_000,
      });
      await s.command(chSql`OPTIMIZE TABLE events_local FINAL`);
      await s.close();
    }
  }
  return ch;
}

interface Case {
  name: string;
  run: (ch: ClickHouse) => Promise<unknown>;
}

async function benchSize(events: number) {
  const single = createClickHouse(`${server}/parcours_bench_metrics_${events}`, {
    requestTimeoutMs: 1_800_000,
  });
  const n = await count(single, chSql`SELECT toString(count()) AS n FROM events`);
  if (n !== events) {
    log(
      `(${events.toLocaleString("en")} events: run bench:clickhouse-metrics first, it generates parcours_bench_metrics_${events})`,
    );
    return;
  }
  const clustered = await openClusterCopy(events);
  const filter = { from: FROM, to: END };
  const params = { filter, catalogue };
  const steps: TFunnelStep[] = STAGES.map((key) => ({ kind: "stage", key }));
  const fromUs = lit.dateUs(FROM);
  const toUs = lit.dateUs(END);
  const cases: Case[] = [
    { name: "funnel", run: (ch) => chm.getFunnel(ch, { ...params, steps }) },
    { name: "heatmap", run: (ch) => chm.getTouchpointHeatmap(ch, params) },
    { name: "personas", run: (ch) => chm.getPersonaBreakdown(ch, params) },
    { name: "emotion", run: (ch) => chm.getEmotionCurve(ch, params) },
    { name: "kpis", run: (ch) => chm.getOverviewKpis(ch, params) },
    {
      name: "raw windowFunnel",
      run: (ch) =>
        ch.query(chSql`
          SELECT level, count() FROM (
            SELECT windowFunnel(2592000)(toUInt32(intDiv(occurred_us, 1000000)),
              stage_id = 1 AND occurred_us < ${toUs}, stage_id = 2, stage_id = 3, stage_id = 4,
              stage_id = 5, stage_id = 6) AS level
            FROM events
            WHERE occurred_us >= ${fromUs} AND occurred_us < ${toUs} + 2592000000000
            GROUP BY customer_id)
          GROUP BY level`),
    },
  ];
  // Same answers first: the cluster is only worth timing if it agrees.
  for (const c of cases.slice(0, 5)) {
    const [a, b] = [await c.run(single), await c.run(clustered)];
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      throw new Error(`${c.name}: the cluster's answer differs from the single server's`);
    }
  }
  const rounds = events >= 10_000_000 ? runsLarge : runs;
  const timings = new Map<string, { single: number[]; cluster: number[] }>(
    cases.map((c) => [c.name, { single: [], cluster: [] }]),
  );
  const loadBefore = load();
  for (let i = 0; i < rounds; i++) {
    for (const c of cases) {
      // Alternating which goes first, so that neither always runs on a warmer cache.
      const order =
        i % 2 === 0 ? (["single", "cluster"] as const) : (["cluster", "single"] as const);
      for (const which of order) {
        const t = performance.now();
        await c.run(which === "single" ? single : clustered);
        timings.get(c.name)?.[which].push(performance.now() - t);
      }
    }
  }
  log();
  log(
    `### ${events.toLocaleString("en")} events: one server against two shards (${rounds} rounds, load ${loadBefore} → ${load()})`,
  );
  log();
  log(
    "| query (180 days, every event) | one server, median ms | two shards, median ms | two ÷ one |",
  );
  log("|---|---:|---:|---:|");
  for (const c of cases) {
    const t = timings.get(c.name);
    const a = median(t?.single ?? []);
    const b = median(t?.cluster ?? []);
    log(`| ${c.name} | ${Math.round(a)} | ${Math.round(b)} | ${(b / a).toFixed(2)}× |`);
  }

  // What each shard did: its part of each query in its own query log.
  log();
  log(
    "Each shard's part of the per-customer queries as its query log has it (shard 1 is the initiator: its part runs inside the initiator's query and is not logged apart; shard 2's part is a secondary query in its own log). Each shard groups its own customers and, since issue 14's last item, finishes them there (`distributed_group_by_no_merge`): what it sends is one finished row per customer.",
  );
  log();
  log(
    "| query | shard | events on it | customers on it | rows it read | rows it sent | bytes it sent | bytes per row sent |",
  );
  log("|---|---|---:|---:|---:|---:|---:|---:|");
  const parts = [
    { name: "funnel", like: `AS f${steps.length - 1}` },
    { name: "heatmap", like: "transform(stage_id" },
    { name: "kpis", like: "AS n_cur" },
  ];
  for (const part of parts) {
    const started = Math.floor(Date.now() / 1000) - 1;
    await cases.find((c) => c.name === part.name)?.run(clustered);
    for (const [i, url] of [server, ...shardUrls].entries()) {
      const s = createClickHouse(`${parseClickHouseUrl(url).server}/${clustered.database}`);
      await s.command(chSql`SYSTEM FLUSH LOGS`);
      const held = await count(s, chSql`SELECT toString(count()) AS n FROM events_local`);
      const customers = await count(
        s,
        chSql`SELECT toString(uniqExact(customer_id)) AS n FROM events_local`,
      );
      const [logged] = await s.query<{ read: string; sent: string; bytes: string }>(
        chSql`SELECT toString(read_rows) AS read, toString(result_rows) AS sent,
                toString(result_bytes) AS bytes
              FROM system.query_log
              WHERE type = 2 AND is_initial_query = 0 AND event_time >= toDateTime(${lit.uint(started)})
                AND query LIKE ${lit.str(`%${clustered.database}.events_local%`)}
                AND query LIKE ${lit.str(`%${part.like}%`)}
              ORDER BY event_time DESC LIMIT 1`,
      );
      const fmt = (v: string | undefined) => (v ? Number(v).toLocaleString("en") : "in-process");
      const perRow =
        logged && Number(logged.sent) > 0
          ? (Number(logged.bytes) / Number(logged.sent)).toFixed(1)
          : "in-process";
      log(
        `| ${part.name} | ${i + 1} (${url}) | ${held.toLocaleString("en")} | ${customers.toLocaleString("en")} | ${fmt(logged?.read)} | ${fmt(logged?.sent)} | ${fmt(logged?.bytes)} | ${perRow} |`,
      );
      await s.close();
    }
  }
  log();
  log("| shard | disk for events_local |");
  log("|---|---:|");
  for (const [i, url] of [server, ...shardUrls].entries()) {
    const s = createClickHouse(`${parseClickHouseUrl(url).server}/${clustered.database}`);
    const [disk] = await s.query<{ bytes: string }>(
      chSql`SELECT toString(sum(bytes_on_disk)) AS bytes FROM system.parts
            WHERE database = ${lit.str(clustered.database)} AND table = 'events_local' AND active`,
    );
    log(`| ${i + 1} (${url}) | ${(Number(disk?.bytes ?? 0) / 1e6).toFixed(1)} MB |`);
    await s.close();
  }
  await single.close();
  await clustered.close();
}

/**
 * The sync's full copy of the 1M-event PostgreSQL benchmark database into an empty database,
 * on the single server and into the cluster, alternately in the same run.
 */
async function benchSync() {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    log("(sync into the cluster not measured: set DATABASE_URL)");
    return;
  }
  const bench = await openBenchDatabase("postgres", 1_000_000, serverUrl, findRepoRoot(), () => {});
  const database = `parcours_bench_cluster_sync_${process.pid}`;
  const ch = createClickHouse(`${server}/${database}`, { requestTimeoutMs: 600_000 });
  const drop = async () => {
    for (const url of [server, ...shardUrls]) {
      const s = createClickHouse(`${parseClickHouseUrl(url).server}/default`);
      await s.serverCommand(chSql`DROP DATABASE IF EXISTS ${lit.ident(database)}`);
      await s.close();
    }
  };
  try {
    const timings = { single: [] as number[], cluster: [] as number[] };
    const loadBefore = load();
    for (let i = 0; i < runs; i++) {
      for (const which of ["single", "cluster"] as const) {
        await drop();
        if (which === "cluster") await migrateClickHouseCluster(ch, cluster, shardUrls);
        else await migrateClickHouse(ch);
        const result = await syncToClickHouse(bench.handle.db, ch);
        if (result.events !== bench.events) {
          throw new Error(`the sync copied ${result.events} of ${bench.events} events`);
        }
        timings[which].push(result.ms);
        console.log(`  sync run ${i + 1} (${which}): ${result.events} events in ${result.ms} ms`);
      }
    }
    const rate = (ms: number) => Math.round((bench.events / ms) * 1000).toLocaleString("en");
    log();
    log(
      `### Sync from PostgreSQL (${bench.events.toLocaleString("en")} events, ${bench.customers.toLocaleString("en")} customers; median of ${runs}, one server and two shards alternately; load ${loadBefore} → ${load()})`,
    );
    log();
    log("| into | median s | events/s (median) | runs, s |");
    log("|---|---:|---:|---|");
    for (const which of ["single", "cluster"] as const) {
      const mid = median(timings[which]);
      log(
        `| ${which === "single" ? "one server (events table)" : "two shards (staging table, then one INSERT … SELECT through the Distributed table per batch)"} | ${(mid / 1000).toFixed(1)} | **${rate(mid)}** | ${timings[which].map((t) => (t / 1000).toFixed(1)).join(", ")} |`,
      );
    }
  } finally {
    await drop().catch(() => {});
    await ch.close();
    await bench.handle.close();
  }
}

async function main() {
  log("## ClickHouse cluster (`pnpm --filter @parcours/db bench:clickhouse-cluster`)");
  log();
  log(
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. Machine: ${describeMachine()}. Both shards (scripts/clickhouse-cluster.sh) run on this same machine, sharing its 2 cores with the single server and everything else: the comparison shows the cluster's overhead, not a gain. Medians; in each round every query runs on both, in turn.`,
  );
  for (const events of sizes) await benchSize(events);
  await benchSync();
  writeSection(
    join(findRepoRoot(), "docs", "benchmarks.md"),
    "clickhouse-cluster",
    lines.join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
