// Web benchmark (not a test): the production build on the default demo data, in Chromium.
// Measures the overview's LCP on cold loads, the time from a period change to the updated KPI
// figures, and the first-load JavaScript of `/`; prints them and writes them into
// docs/benchmarks.md between `<!-- web:start -->` and `<!-- web:end -->`.
//
//   pnpm --filter @parcours/web build && pnpm --filter @parcours/e2e bench
//
// Env: BENCH_WEB_PORT (3201), BENCH_WEB_CUSTOMERS (20000), BENCH_WEB_SEED (42), BENCH_WEB_RUNS
// (5), CHROMIUM_PATH (/usr/bin/chromium).
import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { AppRouter } from "@parcours/api";
import { resolveFilters } from "@parcours/validators/url-filters";
import { type Browser, type BrowserContext, chromium, type Page } from "@playwright/test";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import { CHROMIUM_LAUNCH } from "../chromium";
import { SESSION_COOKIE, signInOverHttp, USERS } from "../tests/helpers/auth";
import { DOC_PATH, verdict, writeSection } from "./report";

const here = dirname(fileURLToPath(import.meta.url));
const e2eDir = join(here, "..");
const docPath = DOC_PATH;
const PORT = Number(process.env.BENCH_WEB_PORT ?? 3201);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const CUSTOMERS = Number(process.env.BENCH_WEB_CUSTOMERS ?? 20_000);
const SEED = Number(process.env.BENCH_WEB_SEED ?? 42);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const TARGETS = { lcpMs: 1500, filterMs: 300, jsKb: 300 };

// ---------------------------------------------------------------- server

interface TServer {
  process: ChildProcess;
  output: () => string;
}

function startServer(): TServer {
  let output = "";
  const child = spawn(process.execPath, [join(e2eDir, "scripts", "serve.mjs")], {
    cwd: e2eDir,
    env: {
      ...process.env,
      E2E_PORT: String(PORT),
      E2E_CUSTOMERS: String(CUSTOMERS),
      E2E_SEED: String(SEED),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { process: child, output: () => output };
}

let session: Promise<string> | undefined;

/** The dashboards need a session: the manager account scripts/serve.mjs creates. */
function managerSession(): Promise<string> {
  session ??= signInOverHttp(USERS.manager, BASE_URL).then((token) => {
    if (!token) throw new Error("could not sign in as the e2e manager");
    return token;
  });
  return session;
}

async function sessionHeaders(): Promise<Record<string, string>> {
  return { cookie: `${SESSION_COOKIE}=${await managerSession()}` };
}

async function waitForServer(server: TServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) {
      throw new Error(`the server exited (${server.process.exitCode}):\n${server.output()}`);
    }
    try {
      const response = await fetch(`${BASE_URL}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server did not answer within ${timeoutMs / 1000} s:\n${server.output()}`);
}

function stopServer(server: TServer): Promise<void> {
  const child = server.process;
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

// ---------------------------------------------------------------- measures

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return value ?? Number.NaN;
}

async function freshContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: "en-GB",
    timezoneId: "UTC",
  });
  await context.addCookies([
    { name: "NEXT_LOCALE", value: "en", url: BASE_URL },
    { name: SESSION_COOKIE, value: await managerSession(), url: BASE_URL, httpOnly: true },
  ]);
  // tsx (esbuild, keepNames) wraps functions in `__name(…)`, which pages evaluating this file's
  // callbacks do not define.
  await context.addInitScript({ content: "globalThis.__name = (target) => target;" });
  return context;
}

/** Waits until the KPI cards show figures (not skeletons) and nothing is being fetched. */
async function kpisSettled(page: Page): Promise<void> {
  await page.getByTestId("kpi-value").first().waitFor();
  await page.waitForFunction(() => {
    const section = document.querySelector("section[aria-labelledby='kpis-title']");
    return section !== null && !section.hasAttribute("aria-busy");
  });
}

interface TLcp {
  ms: number;
  element: string;
}

/** The overview's largest contentful paint on a cold load (empty cache, new context). */
async function measureLcp(browser: Browser): Promise<TLcp> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const store = window as unknown as { __lcp: { ms: number; element: string }[] };
      store.__lcp = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const lcp = entry as PerformanceEntry & { element: Element | null };
          const el = lcp.element;
          const text = (el?.textContent ?? "").trim().slice(0, 40);
          store.__lcp.push({
            ms: entry.startTime,
            element: el ? `<${el.tagName.toLowerCase()}> ${text}` : "(removed)",
          });
        }
      }).observe({ type: "largest-contentful-paint", buffered: true });
    });
    await page.goto(BASE_URL, { waitUntil: "load" });
    await kpisSettled(page);
    // LCP candidates keep coming until the page settles (charts draw after hydration).
    await page.waitForTimeout(1000);
    const entries = await page.evaluate(
      () => (window as unknown as { __lcp: { ms: number; element: string }[] }).__lcp,
    );
    const last = entries.at(-1);
    if (!last) throw new Error("Chromium reported no largest-contentful-paint entry");
    return last;
  } finally {
    await context.close();
  }
}

/** The overview's chart queries, which are sent once the KPI query has answered. */
const CHART_PROCEDURES = [
  "dashboard.funnel",
  "dashboard.personas",
  "dashboard.heatmap",
  "dashboard.emotion",
];

/**
 * From the click on the "Last 90 days" option to the KPI cards showing the 90-day figures:
 * timed inside the page (pointer release → the next frame after the new numbers are in the DOM).
 * `settled`: the change is made once every section has its data (a manager reading the page,
 * then changing the period); otherwise as soon as the KPI figures show, while the charts' own
 * queries are still queued in the embedded database.
 */
async function measureFilterChange(
  browser: Browser,
  settled: boolean,
): Promise<{ ms: number; responseMs: number }> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(BASE_URL);
    await kpisSettled(page);
    if (settled) await page.waitForLoadState("networkidle");
    await page.evaluate(() => {
      const w = window as unknown as { __t0?: number; __done?: Promise<number> };
      const section = document.querySelector("section[aria-labelledby='kpis-title']");
      if (!section) throw new Error("no KPI section");
      const valueText = () =>
        Array.from(section.querySelectorAll("[data-testid='kpi-value']"), (el) => el.textContent)
          .join("|")
          .trim();
      const before = valueText();
      const mark = (event: Event) => {
        if (w.__t0 === undefined && event.target instanceof Element) {
          if (event.target.closest("[role='option']")) w.__t0 = performance.now();
        }
      };
      document.addEventListener("pointerup", mark, true);
      document.addEventListener("click", mark, true);
      w.__done = new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          if (w.__t0 === undefined || section.hasAttribute("aria-busy")) return;
          if (valueText() === before) return;
          observer.disconnect();
          // The figures are in the DOM; the next frame is when they are painted.
          requestAnimationFrame(() => resolve(performance.now()));
        });
        observer.observe(section, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
        });
      });
    });
    await page.getByRole("combobox", { name: "Period", exact: true }).click();
    await page.getByRole("option", { name: "Last 90 days", exact: true }).click();
    const end = await page.evaluate(async () => {
      const w = window as unknown as { __t0?: number; __done?: Promise<number> };
      const done = await w.__done;
      if (done === undefined || w.__t0 === undefined) throw new Error("no filter change seen");
      return done - w.__t0;
    });
    // The other sections fetch after the KPIs: wait until each chart's query has answered (a
    // resource timing entry appears when a response has been read to its end). A load state
    // would not do: on a settled page "networkidle" was reached before the click.
    await page.waitForFunction(
      (names) => {
        const t0 = (window as unknown as { __t0?: number }).__t0 ?? 0;
        const done = performance
          .getEntriesByType("resource")
          .filter((entry) => entry.name.includes("/api/trpc/") && entry.startTime >= t0)
          .map((entry) => decodeURIComponent(entry.name));
        return names.every((name) => done.some((url) => url.includes(name)));
      },
      CHART_PROCEDURES,
      { timeout: 30_000 },
    );
    const timing = await page.evaluate((kpiMs) => {
      const w = window as unknown as { __t0?: number };
      const t0 = w.__t0 ?? 0;
      const requests = performance
        .getEntriesByType("resource")
        .map((entry) => entry as PerformanceResourceTiming)
        .filter((entry) => entry.name.includes("/api/trpc/") && entry.startTime >= t0);
      return {
        ms: kpiMs,
        // When the last of the overview's queries had answered: every chart has its data.
        responseMs:
          requests.length > 0 ? Math.max(...requests.map((r) => r.responseEnd)) - t0 : Number.NaN,
      };
    }, end);
    if (!page.url().includes("period=90d")) throw new Error(`unexpected URL ${page.url()}`);
    return timing;
  } finally {
    await context.close();
  }
}

interface TFirstLoadJs {
  files: number;
  rawBytes: number;
  /** Each script gzip'd here (level 9). */
  gzipBytes: number;
  /** What the browser received: the encoded (compressed) bodies from Resource Timing. */
  transferredBytes: number;
  encoding: string;
  /** The largest scripts' gzip'd sizes, largest first. */
  largest: number[];
}

let lazyScripts = 0;
let lazyGzipBytes = 0;

/** The JavaScript `/` loads on a cold visit, in files, raw and gzip'd. */
async function measureFirstLoadJs(browser: Browser): Promise<TFirstLoadJs> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(BASE_URL, { waitUntil: "load" });
    await kpisSettled(page);
    await page.waitForTimeout(500);
    const loaded = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((entry) => entry as PerformanceResourceTiming)
        .filter(
          (entry) =>
            entry.initiatorType === "script" || new URL(entry.name).pathname.endsWith(".js"),
        )
        .map((entry) => ({ url: entry.name, encoded: entry.encodedBodySize })),
    );
    // First-load JS as Next.js counts it: the scripts the server's HTML asks for before the
    // page is interactive. Chunks loaded on demand afterwards (the charts) are reported apart.
    const html = await (await fetch(BASE_URL, { headers: await sessionHeaders() })).text();
    const initial = new Set(
      [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map(
        (m) => new URL(m[1] ?? "", BASE_URL).href,
      ),
    );
    const scripts = loaded.filter((script) => initial.has(script.url));
    lazyScripts = loaded.length - scripts.length;
    lazyGzipBytes = 0;
    for (const script of loaded.filter((s) => !initial.has(s.url))) {
      const body = Buffer.from(await (await fetch(script.url)).arrayBuffer());
      lazyGzipBytes += gzipSync(body, { level: 9 }).length;
    }
    let rawBytes = 0;
    let gzipBytes = 0;
    let transferredBytes = 0;
    const encodings = new Set<string>();
    const sizes: number[] = [];
    for (const script of scripts) {
      const response = await fetch(script.url, { headers: { "accept-encoding": "gzip" } });
      encodings.add(response.headers.get("content-encoding") ?? "identity");
      const body = Buffer.from(await response.arrayBuffer());
      rawBytes += body.length;
      const gzipped = gzipSync(body, { level: 9 }).length;
      gzipBytes += gzipped;
      sizes.push(gzipped);
      transferredBytes += script.encoded;
    }
    return {
      files: scripts.length,
      rawBytes,
      gzipBytes,
      transferredBytes,
      encoding: [...encodings].join(", "),
      largest: sizes.sort((a, b) => b - a).slice(0, 3),
    };
  } finally {
    await context.close();
  }
}

interface TServerTimes {
  kpisMs: number;
  batchMs: number;
}

/**
 * The server's share of a period change: the 90-day KPI query alone, and the five overview
 * queries in one batch (as the page sends them), from Node without a browser.
 */
async function measureServer(): Promise<TServerTimes> {
  const api = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${BASE_URL}/api/trpc`,
        transformer: superjson,
        headers: sessionHeaders,
      }),
    ],
  });
  const catalogue = await api.catalogue.get.query();
  const { filter } = resolveFilters(
    { period: "90d", from: null, to: null, persona: [], channel: [] },
    catalogue,
  );
  const steps = catalogue.stages.slice(0, 10).map((s) => ({ kind: "stage" as const, key: s.key }));
  const time = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  const kpis: number[] = [];
  const batch: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    kpis.push(await time(() => api.dashboard.kpis.query({ filter })));
    batch.push(
      await time(() =>
        Promise.all([
          api.dashboard.kpis.query({ filter }),
          api.dashboard.funnel.query({ filter, steps }),
          api.dashboard.personas.query({ filter }),
          api.dashboard.heatmap.query({ filter }),
          api.dashboard.emotion.query({ filter }),
        ]),
      ),
    );
  }
  return { kpisMs: median(kpis), batchMs: median(batch) };
}

// ---------------------------------------------------------------- report

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value: number) =>
  Number.isNaN(value) ? "(not captured)" : `${Math.round(value).toLocaleString("en")} ms`;

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`Seeding ${CUSTOMERS.toLocaleString("en")} customers and starting ${BASE_URL}…`);
  const server = startServer();
  const stop = () => {
    void stopServer(server).then(() => process.exit(130));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let browser: Browser | undefined;
  try {
    await waitForServer(server, 300_000);
    const seeded = /Seeded (\d+) customers, (\d+) events/.exec(server.output());
    const events = seeded ? Number(seeded[2]) : Number.NaN;
    console.log(`Server ready after ${((Date.now() - started) / 1000).toFixed(1)} s.`);

    browser = await chromium.launch(CHROMIUM_LAUNCH);
    // Warm-up: the server's first render opens the database; readers never see that one.
    await measureLcp(browser);
    // Other work on this machine skews every figure: say how busy it was.
    const load = os.loadavg();

    const lcps: TLcp[] = [];
    for (let i = 0; i < RUNS; i++) lcps.push(await measureLcp(browser));
    const changes: { ms: number; responseMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) changes.push(await measureFilterChange(browser, true));
    const filters = changes.map((c) => c.ms);
    const responses = median(changes.map((c) => c.responseMs));
    const hurried: { ms: number; responseMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) hurried.push(await measureFilterChange(browser, false));
    const hurriedKpis = median(hurried.map((c) => c.ms));
    const hurriedCharts = median(hurried.map((c) => c.responseMs));
    const js = await measureFirstLoadJs(browser);
    const serverTimes = await measureServer();

    const lcp = median(lcps.map((l) => l.ms));
    const filter = median(filters);
    const lcpElement = lcps.at(-1)?.element ?? "?";
    const cpus = os.cpus();
    const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}, Node.js ${process.version}, Chromium ${browser.version()} (headless)`;
    const date = new Date().toISOString().slice(0, 16).replace("T", " ");

    const rows = [
      `| Overview LCP, cold load (new browser context each run) | ${ms(lcp)} | ${lcps.map((l) => Math.round(l.ms)).join(", ")} | ≤ ${ms(TARGETS.lcpMs)} | ${verdict(lcp <= TARGETS.lcpMs)} |`,
      `| Period change (30 → 90 days) to updated KPI figures | ${ms(filter)} | ${filters.map((v) => Math.round(v)).join(", ")} | ≤ ${ms(TARGETS.filterMs)} | ${verdict(filter <= TARGETS.filterMs)} |`,
      `| Period change (30 → 90 days) to every chart's new data | ${ms(responses)} | ${changes.map((c) => Math.round(c.responseMs)).join(", ")} | ≤ ${ms(TARGETS.filterMs)} | ${verdict(responses <= TARGETS.filterMs)} |`,
      `| The same change made while the first charts still load: KPI figures | ${ms(hurriedKpis)} | ${hurried.map((c) => Math.round(c.ms)).join(", ")} | ≤ ${ms(TARGETS.filterMs)} | ${verdict(hurriedKpis <= TARGETS.filterMs)} |`,
      `| … and every chart's new data | ${ms(hurriedCharts)} | ${hurried.map((c) => Math.round(c.responseMs)).join(", ")} | ≤ ${ms(TARGETS.filterMs)} | ${verdict(hurriedCharts <= TARGETS.filterMs)} |`,
      `| First-load JS of \`/\`, gzip | ${kb(js.gzipBytes)} | ${js.files} files, ${kb(js.rawBytes)} raw, ${kb(js.transferredBytes)} as served (${js.encoding}) | ≤ ${TARGETS.jsKb} kB | ${verdict(js.gzipBytes <= TARGETS.jsKb * 1000)} |`,
    ];
    const section = [
      "## Web (production build in Chromium)",
      "",
      `Measured ${date} UTC by \`pnpm --filter @parcours/e2e bench\` (apps/e2e/bench/web.ts).`,
      `Machine: ${machine}.`,
      `Data: default demo seed, ${CUSTOMERS.toLocaleString("en")} customers and ${Number.isNaN(events) ? "?" : events.toLocaleString("en")} events (seed ${SEED}), embedded PGlite, \`next start\` on 127.0.0.1.`,
      `Medians of ${RUNS} runs after one warm-up load; each run in a new browser context (empty cache), 1440 × 1000 viewport. Load average when the runs began: ${load.map((v) => v.toFixed(1)).join(", ")} (1, 5, 15 min).`,
      "",
      "| measure | median | runs | target | |",
      "|---|---:|---|---:|---|",
      ...rows,
      "",
      `LCP element (last run): \`${lcpElement.replaceAll("`", "'")}\`.`,
      "",
      `The period change is timed in the page, from the pointer release on the option to the frame after the new KPI figures are in the DOM. The first two rows change the period once every section of the page has its data; the next two as soon as the KPI figures show, when the charts' first queries are still queued in the embedded database and the new KPI query waits behind them. The KPI query is sent first and the four chart queries once it has answered (the embedded database runs one query at a time); the last of them had answered after ${ms(responses)} (median), which is when every chart has its new data. Without a browser (Node, median): the 90-day KPI query alone takes ${ms(serverTimes.kpisMs)}, the five overview queries together ${ms(serverTimes.batchMs)} (PGlite runs one query at a time).`,
      "",
      `First-load JS sums the scripts the server-rendered HTML of \`/\` loads before the page is interactive (as Next.js counts it), each gzip'd at level 9; "as served" is the encoded body size the browser received. Largest (gzip): ${js.largest.map(kb).join(", ")}. The charts (recharts) are loaded on demand after the first paint: ${lazyScripts} more files, ${kb(lazyGzipBytes)} gzip.`,
    ].join("\n");

    console.log(`\n${section}\n`);
    writeSection("web", section);
    console.log(`Written to ${docPath} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await browser?.close();
    await stopServer(server);
  }
}

await main();
