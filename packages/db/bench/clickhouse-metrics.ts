/**
 * `pnpm --filter @parcours/db bench:clickhouse-metrics`: times every overview metric on
 * ClickHouse against the raw queries the issue compares them with (windowFunnel, a uniqExact
 * grouping per touchpoint × stage) on the same table, in one run, queries taken in turn so that
 * a busy moment of the machine falls on all of them alike. Events are generated inside
 * ClickHouse (INSERT … SELECT, demo-like journeys: ~12.45 events per customer over 180 days,
 * stages mostly in order, equal timestamps, ratings, purchases and returns) into a database per
 * size that later runs reuse. Sizes: BENCH_EVENTS (default 1000000,10000000); BENCH_RUNS
 * (default 5), BENCH_RUNS_10M (rounds from 10M events up, default 3); CLICKHOUSE_BENCH_URL or CLICKHOUSE_URL (default http://127.0.0.1:8123).
 * Writes its section of docs/benchmarks.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TFunnelStep } from "@parcours/validators";
import { createClickHouse, parseClickHouseUrl } from "../src/analytics/clickhouse/client";
import { chSql, lit } from "../src/analytics/clickhouse/literal";
import { migrateClickHouse } from "../src/analytics/clickhouse/migrate";
import { findRepoRoot } from "../src/client";
import * as chm from "../src/metrics/clickhouse";
import type { Catalogue } from "../src/queries";
import { describeMachine, median } from "./machine";

const sizes = (process.env.BENCH_EVENTS ?? "1000000,10000000").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? "5");
/** Rounds at 10M events and more (each round takes minutes on a busy 2-core machine). */
const runsLarge = Number(process.env.BENCH_RUNS_10M ?? process.env.BENCH_RUNS ?? "3");
const server = parseClickHouseUrl(
  process.env.CLICKHOUSE_BENCH_URL ?? process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123",
).server;

const END = new Date("2026-11-01T00:00:00Z");
const DAY_MS = 86_400_000;
const FROM = new Date(END.getTime() - 180 * DAY_MS);
const WINDOW_S = 30 * 86_400;

const STAGES = ["discovery", "consideration", "decision", "purchase", "after_sales", "loyalty"];
const CHANNELS = ["app", "email", "store", "web"];

/** The catalogue the generated events refer to (ids as the SQL below assigns them). */
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
  // Two touchpoints per stage, id 2s − 1 and 2s; channel (id − 1) % 4 + 1.
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

async function openDataset(events: number) {
  const ch = createClickHouse(`${server}/parcours_bench_metrics_${events}`, {
    requestTimeoutMs: 600_000,
  });
  await migrateClickHouse(ch);
  const [row] = await ch.query<{ n: string }>(chSql`SELECT count() AS n FROM events`);
  if (Number(row?.n) !== events) {
    log(`(generating ${events.toLocaleString("en")} events in ClickHouse)`);
    await ch.command(chSql`TRUNCATE TABLE events`);
    await ch.command(chSql`TRUNCATE TABLE customers`);
    const customers = Math.round(events / 12.45);
    const start = lit.int(BigInt(FROM.getTime()) * 1000n);
    // Customer c owns events [c·12.45, (c+1)·12.45): a journey from a start in the 180 days,
    // an event every 1.5 days with up to a day of jitter (none for one event in ten), stages
    // advancing at the customer's pace and stopping where the customer drops off.
    await ch.command(chSql`
      INSERT INTO events
      SELECT concat('b', toString(number)) AS event_id,
        toUInt32(c + 1) AS customer_id,
        toUInt32(2 * (st - 1) + 1 + (h % 2)) AS touchpoint_id,
        toUInt32(st) AS stage_id,
        toUInt8(0) AS stage_explicit,
        toUInt32((2 * (st - 1) + (h % 2)) % 4 + 1) AS channel_id,
        multiIf(st = 4, if(h % 17 = 0, 'return', 'purchase'), h % 3 = 0, 'search', 'view') AS type,
        toInt64(${start} + toInt64(intHash32(c) % 15552000) * 1000000
          + toInt64(j * 129600 + if(h % 10 = 0, 0, h % 86400)) * 1000000) AS occurred_us,
        if(h % 10 < 3, toNullable(toUInt8(1 + intHash32(number * 7 + 1) % 5)), NULL) AS satisfaction,
        if(st = 4, toNullable(toInt64(if(h % 17 = 0, -1, 1) * (1000 + intHash32(number * 9 + 2) % 29000))), NULL)
          AS revenue_cents,
        '{}' AS properties,
        toUInt64(1) AS sync_version
      FROM (
        SELECT number, intDiv(number * 100, 1245) AS c,
          number - intDiv(c * 1245 + 99, 100) AS j,
          intHash32(number) AS h,
          least(least(6, 1 + intDiv(j * (1 + intHash32(c) % 3), 4)), 1 + intHash32(c * 3 + 1) % 7) AS st
        FROM numbers(${lit.uint(events)}))`);
    await ch.command(chSql`
      INSERT INTO customers
      SELECT toUInt32(number + 1), toString(number + 1), toUInt32(intHash32(number) % 5), '{}',
        toUInt64(1)
      FROM numbers(${lit.uint(customers + 1)})`);
    await ch.command(chSql`OPTIMIZE TABLE events FINAL`);
  }
  const [stats] = await ch.query<{ n: string; c: string; v: string }>(
    chSql`SELECT count() AS n, uniqExact(customer_id) AS c, version() AS v FROM events`,
  );
  return { ch, events: Number(stats?.n), customers: Number(stats?.c), version: stats?.v ?? "" };
}

interface Case {
  name: string;
  run: () => Promise<unknown>;
}

async function benchSize(events: number) {
  const { ch, customers, version } = await openDataset(events);
  const filter = { from: FROM, to: END };
  const params = { filter, catalogue };
  const steps: TFunnelStep[] = STAGES.map((key) => ({ kind: "stage", key }));
  const fromUs = lit.dateUs(FROM);
  const toUs = lit.dateUs(END);
  const windowUs = lit.int(BigInt(WINDOW_S) * 1_000_000n);
  const overview: Case[] = [
    { name: "funnel", run: () => chm.getFunnel(ch, { ...params, steps }) },
    { name: "heatmap", run: () => chm.getTouchpointHeatmap(ch, params) },
    { name: "personas", run: () => chm.getPersonaBreakdown(ch, params) },
    { name: "emotion", run: () => chm.getEmotionCurve(ch, params) },
    { name: "kpis", run: () => chm.getOverviewKpis(ch, params) },
  ];
  const raw: Case[] = [
    {
      name: "raw windowFunnel",
      run: () =>
        ch.query(chSql`
          SELECT level, count() FROM (
            SELECT windowFunnel(${lit.uint(WINDOW_S)})(toUInt32(intDiv(occurred_us, 1000000)),
              stage_id = 1 AND occurred_us < ${toUs}, stage_id = 2, stage_id = 3, stage_id = 4,
              stage_id = 5, stage_id = 6) AS level
            FROM events
            WHERE occurred_us >= ${fromUs} AND occurred_us < ${toUs} + ${windowUs}
              AND stage_id IN (1, 2, 3, 4, 5, 6)
            GROUP BY customer_id)
          GROUP BY level`),
    },
    {
      name: "raw uniqExact per touchpoint × stage",
      run: () =>
        ch.query(chSql`
          SELECT touchpoint_id, stage_id, count(), uniqExact(customer_id)
          FROM events WHERE occurred_us >= ${fromUs} AND occurred_us < ${toUs}
          GROUP BY touchpoint_id, stage_id`),
    },
  ];
  const cases = [...overview, ...raw];
  const timings = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const together: number[] = [];
  const rounds = events >= 10_000_000 ? runsLarge : runs;
  for (const c of cases) await c.run(); // warm-up
  for (let i = 0; i < rounds; i++) {
    for (const c of cases) {
      const t = performance.now();
      await c.run();
      timings.get(c.name)?.push(performance.now() - t);
    }
    const t = performance.now();
    await Promise.all(overview.map((c) => c.run()));
    together.push(performance.now() - t);
  }
  const med = (name: string) => median(timings.get(name) ?? []);
  const target = events >= 10_000_000 ? 1500 : events >= 1_000_000 ? 300 : Number.NaN;
  log();
  log(
    `### ${events.toLocaleString("en")} events, ${customers.toLocaleString("en")} customers, ClickHouse ${version} (${rounds} rounds)`,
  );
  log();
  log("| query (180 days, every event) | median ms | min | max | target |");
  log("|---|---:|---:|---:|---|");
  for (const c of cases) {
    const t = timings.get(c.name) ?? [];
    const m = med(c.name);
    const isOverview = overview.includes(c);
    const verdict =
      isOverview && Number.isFinite(target)
        ? `≤ ${target} ms: ${m <= target ? "met" : "missed"}`
        : "reference";
    log(
      `| ${c.name} | ${Math.round(m)} | ${Math.round(Math.min(...t))} | ${Math.round(Math.max(...t))} | ${verdict} |`,
    );
  }
  const all = median(together);
  log(
    `| the five at once (dashboard load) | ${Math.round(all)} | ${Math.round(Math.min(...together))} | ${Math.round(Math.max(...together))} | ${events >= 10_000_000 ? `≤ 3000 ms: ${all <= 3000 ? "met" : "missed"}` : "—"} |`,
  );
  const funnelRatio = med("funnel") / med("raw windowFunnel");
  const heatmapRatio = med("heatmap") / med("raw uniqExact per touchpoint × stage");
  log();
  log(
    `Exact funnel ÷ raw windowFunnel: ${funnelRatio.toFixed(2)}× (target ≤ 1.3×: ${funnelRatio <= 1.3 ? "met" : "missed"}). ` +
      `Heatmap ÷ raw uniqExact grouping: ${heatmapRatio.toFixed(2)}× (target ≤ 2×: ${heatmapRatio <= 2 ? "met" : "missed"}).`,
  );
  await ch.close();
}

async function main() {
  log("## ClickHouse metrics (`pnpm --filter @parcours/db bench:clickhouse-metrics`)");
  log();
  log(
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. Machine: ${describeMachine()}; load average at start ${(
      await import("node:os")
    )
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")}.`,
  );
  log(
    "Medians of the rounds after a warm-up; in each round every query runs once, in turn, then the five overview queries at once.",
  );
  for (const events of sizes) await benchSize(events);
  const file = join(findRepoRoot(), "docs/benchmarks.md");
  const doc = readFileSync(file, "utf8");
  const section = `<!-- clickhouse-metrics:start -->\n${lines.join("\n")}\n<!-- clickhouse-metrics:end -->`;
  const marked = /<!-- clickhouse-metrics:start -->[\s\S]*<!-- clickhouse-metrics:end -->/;
  writeFileSync(
    file,
    marked.test(doc) ? doc.replace(marked, section) : `${doc.trimEnd()}\n\n${section}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
