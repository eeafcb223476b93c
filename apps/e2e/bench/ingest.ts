// Ingestion benchmark: the production web app on PostgreSQL, fed through POST /api/v1/events
// by 4 concurrent clients (500-event batches), then a CSV file streamed to the upload endpoint
// while the server's memory is sampled. Prints the figures and writes them to
// docs/benchmarks.md (between <!-- ingest:start --> and <!-- ingest:end -->).
//
// Env: DATABASE_URL (a PostgreSQL server where a throwaway database may be created; default
// postgres://parcours:parcours@localhost/parcours), BENCH_INGEST_PORT (3202),
// BENCH_INGEST_API_EVENTS (200000), BENCH_INGEST_UPLOAD_BYTES (1 GB = 10⁹ bytes, under the 1 GiB limit).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "@parcours/auth";
import { createDatabase, dropDatabase, migrateDatabase } from "@parcours/db";
import { DEMO_TOUCHPOINTS, seedCatalogue } from "@parcours/db/demo";
import { createApiKey, createUser } from "@parcours/db/queries";
import postgres from "postgres";
import { SESSION_COOKIE, signInOverHttp } from "../tests/helpers/auth";
import { describeMachine, percentile, verdict, writeSection } from "./report";

const webDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "web");
const PORT = Number(process.env.BENCH_INGEST_PORT ?? 3202);
const BASE = `http://127.0.0.1:${PORT}`;
const API_EVENTS = Number(process.env.BENCH_INGEST_API_EVENTS ?? 200_000);
const UPLOAD_BYTES = Number(process.env.BENCH_INGEST_UPLOAD_BYTES ?? 1_000_000_000);
const CLIENTS = 4;
const BATCH = 500;
const TARGETS = { apiEventsPerSecond: 20_000, uploadEventsPerSecond: 50_000, rssMb: 500 };
const ADMIN = { email: "bench@parcours.test", password: "bench-admin-password" };

// ---------------------------------------------------------------- data

const touchpoints = DEMO_TOUCHPOINTS.map((t) => ({ key: t.key, type: t.types[0] ?? "view" }));
const DAY = 86_400_000;
const start = Date.now() - 180 * DAY;

/** The i-th synthetic event: 50,000 customers, the demo touchpoints, 180 days. */
function syntheticEvent(prefix: string, i: number) {
  const tp = touchpoints[i % touchpoints.length] ?? { key: "website", type: "view" };
  return {
    eventId: `${prefix}-${i}`,
    customerId: `bench-${(i * 7919) % 50_000}`,
    occurredAt: new Date(start + ((i * 104_729) % (180 * DAY))).toISOString(),
    touchpoint: tp.key,
    type: tp.type,
    satisfaction: i % 3 === 0 ? (i % 5) + 1 : undefined,
  };
}

const CSV_HEADER = "event_id,customer_id,occurred_at,touchpoint,type,satisfaction\n";

function csvRow(i: number): string {
  const e = syntheticEvent("csv", i);
  return `${e.eventId},${e.customerId},${e.occurredAt},${e.touchpoint},${e.type},${e.satisfaction ?? ""}\n`;
}

/** A CSV file of about `bytes`, generated as it is read (never held whole). */
function csvStream(bytes: number): { stream: ReadableStream<Uint8Array>; rows: () => number } {
  let sent = 0;
  let row = 0;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) {
        controller.close();
        return;
      }
      let chunk = sent === 0 ? CSV_HEADER : "";
      for (let n = 0; n < 2_000 && sent + chunk.length < bytes; n++) chunk += csvRow(row++);
      sent += chunk.length;
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return { stream, rows: () => row };
}

// ---------------------------------------------------------------- server

async function prepareDatabase(adminUrl: string): Promise<{ url: string; key: string }> {
  const name = "parcours_bench_ingest";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await dropDatabase(admin, name);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDatabase({ url: url.toString() });
  await migrateDatabase(handle);
  await seedCatalogue(handle.db);
  const actor = { id: null, email: "bench" };
  await createUser(handle.db, actor, {
    email: ADMIN.email,
    role: "admin",
    passwordHash: await hashPassword(ADMIN.password),
  });
  const { key } = await createApiKey(handle.db, actor, "bench");
  await handle.close();
  return { url: url.toString(), key };
}

function startServer(databaseUrl: string): ChildProcess {
  const next = join(webDir, "node_modules", ".bin", "next");
  if (!existsSync(join(webDir, ".next", "BUILD_ID"))) {
    throw new Error("apps/web has no production build: run `pnpm --filter @parcours/web build`");
  }
  return spawn(next, ["start", "--port", String(PORT), "--hostname", "127.0.0.1"], {
    cwd: webDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not become healthy within 60 s");
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
function treeRssMb(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let kb = 0;
  const visit = (pid: number) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // gone
    }
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return kb / 1024;
}

// ---------------------------------------------------------------- the database's side

/** The server settings that decide how much a bulk load writes (WAL, checkpoints, cache). */
const WRITE_SETTINGS = ["shared_buffers", "wal_buffers", "max_wal_size", "checkpoint_timeout"];

async function writeSettings(sql: postgres.Sql): Promise<string> {
  const rows = await sql<{ name: string; value: string }[]>`
    SELECT name, current_setting(name) AS value FROM pg_settings
    WHERE name IN ${sql(WRITE_SETTINGS)} ORDER BY name`;
  return rows.map((r) => `${r.name} ${r.value}`).join(", ");
}

interface WalCounters {
  bytes: number;
  fullPageImages: number;
  checkpoints: number;
}

/** Server-wide WAL and checkpoint counters (pg_stat_wal, pg_stat_bgwriter): read before and after. */
async function walCounters(sql: postgres.Sql): Promise<WalCounters> {
  const [row] = await sql<{ bytes: string; fpi: string; checkpoints: string }[]>`
    SELECT w.wal_bytes::text AS bytes, w.wal_fpi::text AS fpi,
      (b.checkpoints_req + b.checkpoints_timed)::text AS checkpoints
    FROM pg_stat_wal w, pg_stat_bgwriter b`;
  return {
    bytes: Number(row?.bytes ?? 0),
    fullPageImages: Number(row?.fpi ?? 0),
    checkpoints: Number(row?.checkpoints ?? 0),
  };
}

// ---------------------------------------------------------------- phases

async function apiPhase(key: string) {
  const post = async (events: unknown[]) => {
    const began = performance.now();
    const response = await fetch(`${BASE}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    const body = (await response.json()) as { accepted?: number };
    if (response.status !== 200)
      throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
    return { ms: performance.now() - began, accepted: body.accepted ?? 0 };
  };
  // Warm-up: JIT, connection pool, catalogue.
  for (let w = 0; w < 8; w++) {
    await post(Array.from({ length: BATCH }, (_, i) => syntheticEvent("warm", w * BATCH + i)));
  }
  const batches = Math.ceil(API_EVENTS / BATCH);
  let next = 0;
  const latencies: number[] = [];
  let accepted = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let b = next++; b < batches; b = next++) {
        const events = Array.from({ length: BATCH }, (_, i) =>
          syntheticEvent("api", b * BATCH + i),
        );
        const result = await post(events);
        latencies.push(result.ms);
        accepted += result.accepted;
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  return {
    accepted,
    seconds,
    perSecond: accepted / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function uploadPhase(serverPid: number) {
  const token = await signInOverHttp(ADMIN, BASE);
  if (!token) throw new Error("could not sign in as the bench admin");
  const file = csvStream(UPLOAD_BYTES);
  let peak = treeRssMb(serverPid);
  const baseline = peak;
  const sampler = setInterval(() => {
    peak = Math.max(peak, treeRssMb(serverPid));
  }, 250);
  const began = performance.now();
  const response = await fetch(`${BASE}/api/v1/imports?format=csv&filename=bench.csv`, {
    method: "POST",
    headers: { cookie: `${SESSION_COOKIE}=${token}`, "content-type": "text/csv" },
    body: file.stream,
    duplex: "half",
  } as RequestInit & { duplex: "half" });
  if (response.status !== 202)
    throw new Error(`upload: HTTP ${response.status}: ${await response.text()}`);
  const uploadedSeconds = (performance.now() - began) / 1000;
  // The file is on the server; the import runs there: follow it to the end.
  let job = (await response.json()) as {
    id: string;
    state: string;
    bytes: number;
    accepted: number;
    rejected: number;
    error: string | null;
  };
  while (job.state === "importing") {
    await new Promise((r) => setTimeout(r, 1000));
    const status = await fetch(`${BASE}/api/v1/imports/${job.id}`, {
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    job = (await status.json()) as typeof job;
  }
  clearInterval(sampler);
  if (job.state !== "done") throw new Error(`upload: the import ${job.state}: ${job.error}`);
  const body = { accepted: job.accepted, rejected: job.rejected, bytes: job.bytes };
  const seconds = (performance.now() - began) / 1000;
  return {
    rows: file.rows(),
    accepted: body.accepted ?? 0,
    rejected: body.rejected ?? 0,
    bytes: body.bytes ?? 0,
    seconds,
    uploadedSeconds,
    perSecond: (body.accepted ?? 0) / seconds,
    baselineMb: baseline,
    peakMb: peak,
  };
}

// ---------------------------------------------------------------- main

async function main() {
  const adminUrl = process.env.DATABASE_URL || "postgres://parcours:parcours@localhost/parcours";
  console.log("Preparing a throwaway PostgreSQL database…");
  const { url, key } = await prepareDatabase(adminUrl);
  const server = startServer(url);
  const pid = server.pid ?? 0;
  // One connection for what the bench reads from the database itself (version, settings, WAL).
  const stats = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await waitForHealth();
    console.log(
      `API: ${API_EVENTS.toLocaleString("en")} events, ${CLIENTS} clients, ${BATCH} a batch…`,
    );
    const api = await apiPhase(key);
    console.log(
      `  ${Math.round(api.perSecond).toLocaleString("en")} events/s, p50 ${api.p50.toFixed(0)} ms, p99 ${api.p99.toFixed(0)} ms`,
    );
    console.log(`Upload: a CSV file of ${(UPLOAD_BYTES / 1024 ** 2).toFixed(0)} MiB…`);
    const walBefore = await walCounters(stats);
    const upload = await uploadPhase(pid);
    const walAfter = await walCounters(stats);
    const walGiB = (walAfter.bytes - walBefore.bytes) / 1024 ** 3;
    const fullPages = walAfter.fullPageImages - walBefore.fullPageImages;
    const checkpoints = walAfter.checkpoints - walBefore.checkpoints;
    const settings = await writeSettings(stats);
    console.log(
      `  ${Math.round(upload.perSecond).toLocaleString("en")} events/s; server RSS ${upload.baselineMb.toFixed(0)} → peak ${upload.peakMb.toFixed(0)} MB`,
    );
    console.log(
      `  WAL ${walGiB.toFixed(1)} GiB, ${fullPages.toLocaleString("en")} full-page images, ${checkpoints} checkpoints (${settings})`,
    );
    const [version] = await stats`SELECT split_part(version(), ' on ', 1) AS v`;
    const section = [
      "## Ingestion (production server, PostgreSQL)",
      "",
      `Machine: ${describeMachine()}; ${String(version?.v ?? "PostgreSQL")} on the same machine. Measured ${new Date().toISOString().slice(0, 10)} with \`pnpm -C apps/e2e bench:ingest\`.`,
      "",
      "| measure | result | target | |",
      "|---|---|---|---|",
      `| \`POST /api/v1/events\`, ${CLIENTS} clients × ${BATCH}-event batches, ${api.accepted.toLocaleString("en")} events | ${Math.round(api.perSecond).toLocaleString("en")} events/s | ≥ ${TARGETS.apiEventsPerSecond.toLocaleString("en")} | ${verdict(api.perSecond >= TARGETS.apiEventsPerSecond)} |`,
      `| request latency p50 / p99 | ${api.p50.toFixed(0)} ms / ${api.p99.toFixed(0)} ms | | |`,
      `| CSV upload, ${(upload.bytes / 1024 ** 2).toFixed(0)} MiB, ${upload.accepted.toLocaleString("en")} events | ${Math.round(upload.perSecond).toLocaleString("en")} events/s (${upload.seconds.toFixed(0)} s, of which ${upload.uploadedSeconds.toFixed(0)} s to receive the file) | ≥ ${TARGETS.uploadEventsPerSecond.toLocaleString("en")} | ${verdict(upload.perSecond >= TARGETS.uploadEventsPerSecond)} |`,
      `| WAL the database wrote during the upload | ${walGiB.toFixed(1)} GiB, ${fullPages.toLocaleString("en")} full-page images, ${checkpoints} checkpoints | | |`,
      `| server RSS during the upload (process tree) | ${upload.baselineMb.toFixed(0)} MB before, ${upload.peakMb.toFixed(0)} MB peak | < ${TARGETS.rssMb} MB | ${verdict(upload.peakMb < TARGETS.rssMb)} |`,
      "",
      "Events are synthetic (50,000 customers, the 23 demo touchpoints, 180 days, a third rated); the",
      "client runs on the same 2 cores as the server and the database, so all three share them.",
      `PostgreSQL's write settings for this run: ${settings}. Why they matter: docs/ingestion.md,`,
      "section “PostgreSQL settings for large imports”.",
    ].join("\n");
    writeSection("ingest", section);
    console.log("Written to docs/benchmarks.md.");
  } finally {
    await stats.end();
    server.kill("SIGTERM");
  }
}

await main();
process.exit(0);
