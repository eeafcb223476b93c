import { join } from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import {
  createDatabase,
  type DatabaseHandle,
  migrateDatabase,
  queryRows,
  redactUrl,
} from "../src/client";
import { seedDemo } from "../src/demo";

/** Fixed so that a reused dataset and a fresh one cover the same dates. */
export const BENCH_END = new Date("2026-11-01T00:00:00Z");
/** The demo generator averages about 12.45 events per customer. */
const EVENTS_PER_CUSTOMER = 12.45;

export interface BenchDatabase {
  handle: DatabaseHandle;
  target: string;
  label: string;
  events: number;
  customers: number;
}

async function counts(handle: DatabaseHandle) {
  const [row] = await queryRows<{ events: number; customers: number }>(
    handle.db,
    sql`SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM customers)::int AS customers`,
  );
  return { events: row?.events ?? 0, customers: row?.customers ?? 0 };
}

/** Opens (creating and seeding once) the benchmark database for a target and size. */
export async function openBenchDatabase(
  target: string,
  events: number,
  serverUrl: string | undefined,
  repo: string,
  log: (line?: string) => void,
): Promise<BenchDatabase> {
  let handle: DatabaseHandle;
  if (target === "postgres") {
    if (!serverUrl)
      throw new Error("PostgreSQL benchmarks need DATABASE_URL or BENCH_DATABASE_URL");
    const name = `parcours_bench_${events}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    const exists = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (exists.length === 0) await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    handle = createDatabase({ url: url.toString() });
  } else {
    handle = createDatabase({ dataDir: join(repo, "bench-data", `pglite-${events}`) });
  }
  await migrateDatabase(handle);
  let current = await counts(handle);
  if (current.events < events * 0.9) {
    const customers = Math.round(events / EVENTS_PER_CUSTOMER);
    console.log(`Seeding ${customers} customers (~${events} events) into ${handle.location}…`);
    await queryRows(
      handle.db,
      sql`TRUNCATE events, customers, personas, touchpoints, stages, channels RESTART IDENTITY CASCADE`,
    );
    const started = performance.now();
    let lastLog = 0;
    await seedDemo(handle.db, {
      customers,
      seed: 42,
      end: BENCH_END,
      onProgress: (p) => {
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          console.log(`  ${p.customers} customers, ${p.events} events`);
        }
      },
    });
    if (handle.kind === "postgres") await queryRows(handle.db, sql`VACUUM ANALYZE`);
    current = await counts(handle);
    const seconds = (performance.now() - started) / 1000;
    log(
      `Seeded ${current.events.toLocaleString("en")} demo events into ${target} in ${seconds.toFixed(0)} s (${Math.round(current.events / seconds).toLocaleString("en")} events/s).`,
    );
  }
  const label = target === "postgres" ? "PostgreSQL" : "PGlite";
  console.log(
    `${label} ${redactUrl(handle.location)}: ${current.events} events, ${current.customers} customers`,
  );
  return { handle, target, label, events: current.events, customers: current.customers };
}
