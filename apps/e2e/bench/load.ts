// Load benchmark (not a test): 50 signed-in users (viewers, managers, admins) change filters on
// the overview, against the production server, on the demo data in PGlite and on PostgreSQL
// with 1M events. Each filter change sends what the browser sends: the KPI query, then, once it
// has answered, the four chart queries in one batch (tRPC's httpBatchStreamLink, GET). Between
// changes a user reads the page for a while. Prints p50/p95/p99 latency, throughput and errors,
// and writes them to docs/benchmarks.md between `<!-- load:start -->` and `<!-- load:end -->`.
//
//   pnpm --filter @parcours/web build && pnpm --filter @parcours/e2e bench:load
//
// Loopback only. Bounded: each run lasts BENCH_LOAD_SECONDS, every request is abandoned (and
// counted as an error) after 60 s, and the users stop at the end of the run.
//
// Env: BENCH_LOAD_TARGETS ("pglite,postgres"), BENCH_LOAD_USERS (50), BENCH_LOAD_SECONDS (120),
// BENCH_LOAD_THINK_MS ("2000-6000": a user's reading time between changes, uniform),
// BENCH_LOAD_PORT (3203), BENCH_LOAD_SEED (1), DATABASE_URL (a PostgreSQL server where the
// 1M-event database of packages/db/bench is created once and reused; default
// postgres://parcours:parcours@localhost/parcours), BENCH_LOAD_WRITE (0: print only).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppRouter, RouterInputs } from "@parcours/api";
import { hashPassword } from "@parcours/auth";
import { openBenchDatabase } from "@parcours/db/bench/targets";
import { type Catalogue, createUser, listUsers, resetUserPassword } from "@parcours/db/queries";
import { resolveFilters } from "@parcours/validators/url-filters";
import { createTRPCClient, httpBatchStreamLink, TRPCClientError } from "@trpc/client";
import postgres from "postgres";
import superjson from "superjson";
import { USERS as E2E_USERS, SESSION_COOKIE, signInOverHttp } from "../tests/helpers/auth";
import { describeMachine, percentile, verdict, writeSection } from "./report";

const here = dirname(fileURLToPath(import.meta.url));
const e2eDir = join(here, "..");
const repo = join(e2eDir, "..", "..");
const webDir = join(repo, "apps", "web");

const TARGETS = (process.env.BENCH_LOAD_TARGETS ?? "pglite,postgres")
  .split(",")
  .map((s) => s.trim());
const USER_COUNT = Number(process.env.BENCH_LOAD_USERS ?? 50);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
const [THINK_MIN, THINK_MAX] = (process.env.BENCH_LOAD_THINK_MS ?? "2000-6000")
  .split("-")
  .map(Number) as [number, number];
const PORT = Number(process.env.BENCH_LOAD_PORT ?? 3203);
const SEED = Number(process.env.BENCH_LOAD_SEED ?? 1);
const BASE_URL = `http://127.0.0.1:${PORT}`;

type TAnalyticsFilter = RouterInputs["dashboard"]["kpis"]["filter"];
const REQUEST_TIMEOUT_MS = 60_000;
/** The browser keeps an answer fresh for this long (apps/web/src/trpc/query-client.ts). */
const BROWSER_STALE_MS = 60_000;
const TARGET_P95_MS = 1000;
const ADMIN = { email: "load-admin@parcours.test", password: "load-bench-admin-password" };

/** Roles of the load users: mostly viewers, as in a retail team. */
function roleOf(i: number): "viewer" | "manager" | "admin" {
  if (i % 10 === 0) return "admin";
  if (i % 10 < 4) return "manager";
  return "viewer";
}

// ---------------------------------------------------------------- randomness (reproducible)

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(random: () => number, choices: [T, number][]): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let at = random() * total;
  for (const [value, w] of choices) {
    at -= w;
    if (at <= 0) return value;
  }
  return (choices.at(-1) as [T, number])[0];
}

// ---------------------------------------------------------------- servers

interface TServer {
  process: ChildProcess;
  output: () => string;
  events: number;
  label: string;
  /** The day the data ends: periods are the last N days up to it. */
  dataEnd: Date;
  /** Signs in the account every load user is created from. */
  admin: { email: string; password: string };
}

function collect(child: ChildProcess): () => string {
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => output;
}

function requireBuild(): void {
  if (!existsSync(join(webDir, ".next", "BUILD_ID"))) {
    throw new Error("apps/web has no production build: run `pnpm --filter @parcours/web build`");
  }
}

/** The demo data in its own PGlite folder, served by scripts/serve.mjs (as the web benchmark). */
async function startPglite(): Promise<TServer> {
  const child = spawn(process.execPath, [join(e2eDir, "scripts", "serve.mjs")], {
    cwd: e2eDir,
    env: { ...process.env, E2E_PORT: String(PORT), E2E_CUSTOMERS: "20000", E2E_SEED: "42" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collect(child);
  await waitForServer(child, output, 300_000);
  const seeded = /Seeded (\d+) customers, (\d+) events/.exec(output());
  return {
    process: child,
    output,
    events: seeded ? Number(seeded[2]) : Number.NaN,
    label: "PGlite, default demo data (20,000 customers)",
    dataEnd: new Date(),
    admin: E2E_USERS.admin,
  };
}

/** packages/db/bench's 1M-event PostgreSQL database (seeded once, then reused). */
async function startPostgres(): Promise<TServer> {
  const serverUrl = process.env.DATABASE_URL || "postgres://parcours:parcours@localhost/parcours";
  const bench = await openBenchDatabase("postgres", 1_000_000, serverUrl, repo, (line) =>
    console.log(line ?? ""),
  );
  const db = bench.handle.db;
  const existing = (await listUsers(db)).find((u) => u.email === ADMIN.email);
  const passwordHash = await hashPassword(ADMIN.password);
  const actor = { id: null, email: "load-bench" };
  if (existing) await resetUserPassword(db, actor, existing.id, passwordHash);
  else await createUser(db, actor, { email: ADMIN.email, role: "admin", passwordHash });
  await bench.handle.close();
  const url = new URL(serverUrl);
  url.pathname = `/parcours_bench_${1_000_000}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const [end] = await client<{ end: Date }[]>`SELECT max(occurred_at) AS end FROM events`;
  await client.end();

  const child = spawn(
    join(webDir, "node_modules", ".bin", "next"),
    ["start", "--port", String(PORT), "--hostname", "127.0.0.1"],
    {
      cwd: webDir,
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        NODE_ENV: "production",
        AUTH_SECRET: randomBytes(32).toString("base64url"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output = collect(child);
  await waitForServer(child, output, 120_000);
  return {
    process: child,
    output,
    events: bench.events,
    label: `PostgreSQL, packages/db/bench's demo data (${bench.customers.toLocaleString("en")} customers)`,
    dataEnd: new Date(end?.end ?? Date.now()),
    admin: ADMIN,
  };
}

async function waitForServer(
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited (${child.exitCode}):\n${output()}`);
    }
    try {
      if ((await fetch(`${BASE_URL}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server did not answer within ${timeoutMs / 1000} s:\n${output()}`);
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

// ---------------------------------------------------------------- users

type TApi = ReturnType<typeof apiFor>;

function apiFor(token: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchStreamLink({
        url: `${BASE_URL}/api/trpc`,
        transformer: superjson,
        headers: () => ({
          cookie: `${SESSION_COOKIE}=${token}`,
          "x-trpc-source": "nextjs-react",
        }),
        fetch: (url, init) => fetchAsBrowser(url, init),
      }),
    ],
  });
}

/** Requests sent again after the server had closed the idle connection they went out on. */
let retriedAfterReset = 0;

/**
 * fetch, with what a browser adds: a request that fails because the server closed the idle
 * keep-alive connection as it was sent (ECONNRESET before any answer) goes again, once, on a
 * new connection. Chromium does this without the page seeing it; undici's fetch does not.
 */
async function fetchAsBrowser(url: URL | RequestInfo, init?: RequestInit): Promise<Response> {
  const send = () => fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  try {
    return await send();
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    if (code !== "ECONNRESET" && code !== "UND_ERR_SOCKET") throw error;
    retriedAfterReset++;
    return send();
  }
}

async function signIn(credentials: { email: string; password: string }): Promise<string> {
  const token = await signInOverHttp(credentials, BASE_URL);
  if (!token) throw new Error(`could not sign in as ${credentials.email}`);
  return token;
}

/** The load users, created (or given a new password) through the admin API, then signed in. */
async function loadUsers(admin: { email: string; password: string }): Promise<TApi[]> {
  const api = apiFor(await signIn(admin));
  const existing = new Map((await api.admin.users.list.query()).map((u) => [u.email, u]));
  const credentials: { email: string; password: string }[] = [];
  for (let i = 0; i < USER_COUNT; i++) {
    const email = `load-${i}@parcours.test`;
    const user = existing.get(email);
    if (user) {
      if (user.role !== roleOf(i))
        await api.admin.users.setRole.mutate({ id: user.id, role: roleOf(i) });
      const reset = await api.admin.users.resetPassword.mutate({ id: user.id });
      credentials.push({ email, password: reset.generatedPassword });
    } else {
      const password = `load-user-password-${i}`;
      await api.admin.users.create.mutate({ email, name: `Load ${i}`, role: roleOf(i), password });
      credentials.push({ email, password });
    }
  }
  const apis: TApi[] = [];
  for (const c of credentials) apis.push(apiFor(await signIn(c)));
  return apis;
}

// ---------------------------------------------------------------- the workload

interface TFilterChoice {
  period: "7d" | "30d" | "90d" | "180d";
  persona: string | null;
  channel: string | null;
}

const choiceKey = (c: TFilterChoice) => `${c.period}|${c.persona ?? ""}|${c.channel ?? ""}`;

/**
 * What a user picks next: the period presets (30 days, the default, most often), and now and
 * then one persona or one channel. Never the filter already shown.
 */
function nextChoice(random: () => number, catalogue: Catalogue, current: string): TFilterChoice {
  const personas = [...catalogue.personas.map((p) => p.key), "unassigned"];
  const channels = catalogue.channels.map((c) => c.key);
  for (;;) {
    const choice: TFilterChoice = {
      period: weighted(random, [
        ["7d", 20],
        ["30d", 45],
        ["90d", 25],
        ["180d", 10],
      ]),
      persona: random() < 0.35 ? (personas[Math.floor(random() * personas.length)] ?? null) : null,
      channel: random() < 0.25 ? (channels[Math.floor(random() * channels.length)] ?? null) : null,
    };
    if (choiceKey(choice) !== current) return choice;
  }
}

function filterOf(choice: TFilterChoice, catalogue: Catalogue, dataEnd: Date): TAnalyticsFilter {
  return resolveFilters(
    {
      period: choice.period,
      from: null,
      to: null,
      persona: choice.persona ? [choice.persona] : [],
      channel: choice.channel ? [choice.channel] : [],
    },
    catalogue,
    { now: dataEnd },
  ).filter;
}

interface TSample {
  /** ms from the change to the KPI figures, and to every chart's data. */
  kpiMs: number;
  chartsMs: number;
  changeMs: number;
  at: number;
}

interface TRun {
  samples: TSample[];
  errors: Map<string, number>;
  browserCached: number;
  retried: number;
  httpRequests: number;
  calls: number;
  seconds: number;
  combinations: number;
  loadAverage: number[];
}

function errorKind(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code) return `${code}: ${error.message}`;
    const cause = error.cause instanceof Error ? error.cause : undefined;
    const reason = cause?.cause instanceof Error ? cause.cause : cause;
    return reason ? `${error.message} (${reason.message})` : error.message;
  }
  if (!(error instanceof Error)) return String(error);
  // fetch's own message ("fetch failed") says nothing: the reason is in its cause.
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.name}: ${error.message}${cause}`;
}

async function runLoad(apis: TApi[], catalogue: Catalogue, dataEnd: Date): Promise<TRun> {
  const steps = catalogue.stages.slice(0, 10).map((s) => ({ kind: "stage" as const, key: s.key }));
  const samples: TSample[] = [];
  const errors = new Map<string, number>();
  const combinations = new Set<string>();
  let browserCached = 0;
  let httpRequests = 0;
  let calls = 0;
  const fail = (error: unknown) => {
    const kind = errorKind(error).slice(0, 200);
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
  };
  const loadAverage = os.loadavg();
  const retriedBefore = retriedAfterReset;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;

  await Promise.all(
    apis.map(async (api, u) => {
      const random = mulberry32(SEED * 1000 + u);
      // The users do not all arrive in the same second.
      await new Promise((r) => setTimeout(r, random() * THINK_MAX));
      const seen = new Map<string, number>();
      let current = choiceKey({ period: "30d", persona: null, channel: null });
      while (performance.now() < deadline) {
        const choice = nextChoice(random, catalogue, current);
        current = choiceKey(choice);
        const fetchedAt = seen.get(current);
        if (fetchedAt !== undefined && performance.now() - fetchedAt < BROWSER_STALE_MS) {
          // The browser shows what it fetched a moment ago without asking again.
          browserCached++;
        } else {
          combinations.add(current);
          const filter = filterOf(choice, catalogue, dataEnd);
          const t0 = performance.now();
          try {
            httpRequests++;
            calls++;
            await api.dashboard.kpis.query({ filter });
            const kpiMs = performance.now() - t0;
            httpRequests++;
            calls += 4;
            const t1 = performance.now();
            const charts = await Promise.allSettled([
              api.dashboard.funnel.query({ filter, steps }),
              api.dashboard.personas.query({ filter }),
              api.dashboard.heatmap.query({ filter }),
              api.dashboard.emotion.query({ filter }),
            ]);
            const failed = charts.filter((c) => c.status === "rejected");
            for (const f of failed) fail((f as PromiseRejectedResult).reason);
            if (failed.length === 0) {
              const end = performance.now();
              samples.push({ kpiMs, chartsMs: end - t1, changeMs: end - t0, at: t0 - started });
              seen.set(current, end);
            }
          } catch (error) {
            fail(error);
          }
        }
        await new Promise((r) => setTimeout(r, THINK_MIN + random() * (THINK_MAX - THINK_MIN)));
      }
    }),
  );
  return {
    samples,
    errors,
    browserCached,
    retried: retriedAfterReset - retriedBefore,
    httpRequests,
    calls,
    seconds: (performance.now() - started) / 1000,
    combinations: combinations.size,
    loadAverage,
  };
}

// ---------------------------------------------------------------- report

const ms = (v: number) => (Number.isNaN(v) ? "–" : `${Math.round(v).toLocaleString("en")} ms`);

function summarise(server: TServer, run: TRun): { rows: string[]; met: boolean; line: string } {
  const of = (pick: (s: TSample) => number, samples = run.samples) => {
    const values = samples.map(pick);
    return [50, 95, 99].map((p) => percentile(values, p)) as [number, number, number];
  };
  const kpi = of((s) => s.kpiMs);
  const charts = of((s) => s.chartsMs);
  const change = of((s) => s.changeMs);
  // Changes begun in the second half of the run: most of what they ask has been asked before.
  const later = run.samples.filter((s) => s.at >= (SECONDS * 1000) / 2);
  const warm = of((s) => s.changeMs, later);
  const errorCount = [...run.errors.values()].reduce((a, b) => a + b, 0);
  const requestP95 = Math.max(kpi[1], charts[1]);
  const met = requestP95 <= TARGET_P95_MS && errorCount === 0;
  const changes = run.samples.length;
  const rows = [
    `| ${server.label}, ${server.events.toLocaleString("en")} events | KPI request | ${ms(kpi[0])} | ${ms(kpi[1])} | ${ms(kpi[2])} | |`,
    `| | chart batch (4 queries) | ${ms(charts[0])} | ${ms(charts[1])} | ${ms(charts[2])} | |`,
    `| | whole filter change (KPI, then charts) | ${ms(change[0])} | ${ms(change[1])} | ${ms(change[2])} | |`,
    `| | … begun in the second half of the run (${later.length} changes) | ${ms(warm[0])} | ${ms(warm[1])} | ${ms(warm[2])} | |`,
    `| | throughput, errors | ${(changes / run.seconds).toFixed(1)} changes/s | ${(run.httpRequests / run.seconds).toFixed(1)} requests/s, ${(run.calls / run.seconds).toFixed(1)} queries/s | ${errorCount} errors | ${verdict(met)} |`,
  ];
  const errorText =
    errorCount === 0
      ? "no errors"
      : [...run.errors].map(([kind, n]) => `${n} × \`${kind.replaceAll("`", "'")}\``).join("; ");
  // Each combination's five queries run once; every other query was answered from the cache or
  // joined one already running (or was computed again after a failure).
  const shared = 1 - (run.combinations * 5) / run.calls;
  const line = `${server.label}: ${changes.toLocaleString("en")} filter changes sent in ${run.seconds.toFixed(0)} s (${run.combinations} different filter combinations, so about ${(shared * 100).toFixed(0)}% of the ${run.calls.toLocaleString("en")} queries were answered by the metric cache or by joining one already running; ${run.browserCached} more changes went back to a filter the browser still held), ${errorText}, ${run.retried} requests sent again after the server closed an idle connection; load average when the run began ${run.loadAverage.map((v) => v.toFixed(1)).join(", ")}.`;
  return { rows, met, line };
}

async function main(): Promise<void> {
  requireBuild();
  const rows: string[] = [];
  const lines: string[] = [];
  for (const target of TARGETS) {
    console.log(`\n${target}: starting the server…`);
    const server = target === "postgres" ? await startPostgres() : await startPglite();
    const stop = () => {
      void stopServer(server.process).then(() => process.exit(130));
    };
    process.once("SIGINT", stop);
    try {
      console.log(`${server.label}: ${server.events} events; creating ${USER_COUNT} users…`);
      const apis = await loadUsers(server.admin);
      const first = apis[0];
      if (!first) throw new Error("BENCH_LOAD_USERS must be at least 1");
      // What every page load asks first; not timed.
      const catalogue = await first.catalogue.get.query();
      await Promise.all(apis.map((api) => api.session.me.query()));
      console.log(`${USER_COUNT} users signed in; ${SECONDS} s of filter changes…`);
      const run = await runLoad(apis, catalogue, server.dataEnd);
      const summary = summarise(server, run);
      rows.push(...summary.rows);
      lines.push(summary.line);
      console.log(summary.rows.join("\n"));
      console.log(summary.line);
    } finally {
      process.removeListener("SIGINT", stop);
      await stopServer(server.process);
    }
  }

  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const section = [
    "## Load (50 users changing filters on the overview)",
    "",
    `Measured ${date} UTC by \`pnpm --filter @parcours/e2e bench:load\` (apps/e2e/bench/load.ts).`,
    `Machine: ${describeMachine()}; the server, the database and the ${USER_COUNT} simulated users share it, over loopback.`,
    "",
    `${USER_COUNT} signed-in users (${Math.ceil(USER_COUNT / 10)} admins, ${Math.floor(USER_COUNT / 10) * 3} managers, the rest viewers), each in a loop for ${SECONDS} s: pick a new filter (last 7, 30, 90 or 180 days, weighted 20/45/25/10; a third of the time one persona, a quarter of the time one channel), send the KPI query, then the four chart queries in one batch as the page does once the KPIs have answered (tRPC httpBatchStreamLink, GET), then read for ${THINK_MIN / 1000}–${THINK_MAX / 1000} s. A filter the user's browser fetched less than 60 s before is not sent again (the page's staleTime). The server starts with an empty metric cache. Target: p95 ≤ ${TARGET_P95_MS.toLocaleString("en")} ms per request, 0 errors.`,
    "",
    "| data | measure | p50 | p95 | p99 | |",
    "|---|---|---:|---:|---:|---|",
    ...rows,
    "",
    ...lines.map((l) => `- ${l}`),
  ].join("\n");
  console.log(`\n${section}\n`);
  // BENCH_LOAD_WRITE=0: a trial run that leaves docs/benchmarks.md as it is.
  if (process.env.BENCH_LOAD_WRITE === "0") return;
  writeSection("load", section);
  console.log("Written to docs/benchmarks.md.");
}

await main();
process.exit(0);
