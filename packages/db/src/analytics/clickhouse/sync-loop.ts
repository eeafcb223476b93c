import type { Database } from "../../client";
import { type ClickHouse, ClickHouseUnavailableError, createClickHouse } from "./client";
import { migrateClickHouse } from "./migrate";
import { SyncBusyError, type SyncResult, syncToClickHouse } from "./sync";

/**
 * Keeps ClickHouse caught up with PostgreSQL: a pass every `intervalMs` (so an event shows
 * there within a couple of seconds of its commit), backing off while ClickHouse is down and
 * catching up once it answers again. It never throws: ingestion writes to PostgreSQL alone
 * and goes on whatever happens here.
 */

export type SyncLogLevel = "info" | "warn" | "error";

export interface SyncLoopOptions {
  db: () => Promise<Database>;
  ch: ClickHouse;
  /** Pause between passes once caught up (default 1 s). */
  intervalMs?: number;
  /** Longest pause between attempts while ClickHouse is down (default 30 s). */
  maxBackoffMs?: number;
  batchRows?: number;
  /** Applies the ClickHouse migrations before the first pass (default true). */
  migrate?: boolean;
  log?: (level: SyncLogLevel, message: string) => void;
}

export interface SyncLoopState {
  running: boolean;
  /** When the last pass ended without error. */
  lastSuccessAt: Date | null;
  lastError: string | null;
  /** Failed attempts in a row. */
  failures: number;
  copiedEvents: number;
}

export interface SyncLoop {
  readonly state: SyncLoopState;
  /** Resolves after the pass in flight has ended (its batch written or not at all). */
  stop(): Promise<void>;
}

const defaultLog = (level: SyncLogLevel, message: string) => {
  const line = `[parcours] analytics sync: ${message}`;
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.info(line);
};

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function startSyncLoop(options: SyncLoopOptions): SyncLoop {
  const interval = options.intervalMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const log = options.log ?? defaultLog;
  const state: SyncLoopState = {
    running: true,
    lastSuccessAt: null,
    lastError: null,
    failures: 0,
    copiedEvents: 0,
  };
  const controller = new AbortController();
  let wake = () => {};
  let migrated = options.migrate === false;
  let busyLogged = false;
  let outageLogged = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      // A sleeping loop must not keep the process alive on its own.
      timer.unref?.();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const pass = async (): Promise<SyncResult | null> => {
    const db = await options.db();
    if (!migrated) {
      const result = await migrateClickHouse(options.ch);
      if (result.applied.length) {
        log(
          "info",
          `ClickHouse schema ${result.applied.join(", ")} applied at ${options.ch.location}`,
        );
      }
      migrated = true;
    }
    try {
      const result = await syncToClickHouse(db, options.ch, {
        batchRows: options.batchRows,
        signal: controller.signal,
      });
      busyLogged = false;
      return result;
    } catch (error) {
      if (!(error instanceof SyncBusyError)) throw error;
      // Another process (the CLI, a second server) is syncing: it does the work meanwhile.
      if (!busyLogged) log("info", error.message);
      busyLogged = true;
      return null;
    }
  };

  const done = (async () => {
    while (!controller.signal.aborted) {
      let pause = interval;
      try {
        const result = await pass();
        if (result) {
          if (state.failures > 0) {
            log("info", `ClickHouse answers again at ${options.ch.location}; catching up`);
          }
          state.failures = 0;
          state.lastError = null;
          outageLogged = false;
          state.lastSuccessAt = new Date();
          state.copiedEvents += result.events;
          if (result.events >= 100_000 || result.resets > 0) {
            log("info", `copied ${result.events} events in ${result.ms} ms`);
          }
        }
      } catch (error) {
        if (controller.signal.aborted) break;
        state.failures += 1;
        const message = describe(error);
        pause = Math.min(maxBackoff, interval * 2 ** Math.min(state.failures, 10));
        const unavailable = error instanceof ClickHouseUnavailableError;
        // One line per outage, not one per attempt: while ClickHouse stays unreachable the
        // cause may change (a reset connection, then a refused one) without news to log.
        // Other errors are logged again when their message changes.
        const sameOutage = unavailable && outageLogged;
        if (!sameOutage && message !== state.lastError) {
          log(
            unavailable ? "warn" : "error",
            `${message}; events stay in PostgreSQL and are copied once this succeeds (retrying, up to every ${Math.round(maxBackoff / 1000)} s)`,
          );
        }
        state.lastError = message;
        outageLogged = unavailable;
      }
      if (!controller.signal.aborted) await sleep(pause);
    }
    state.running = false;
  })();

  return {
    state,
    stop: async () => {
      controller.abort();
      wake();
      await done;
    },
  };
}

const LOOP_KEY = Symbol.for("parcours.clickhouseSync.loop");
type GlobalWithLoop = typeof globalThis & { [LOOP_KEY]?: SyncLoop };

/**
 * The process's one sync loop, started on the first call (kept on globalThis: Next.js may load
 * this module more than once); later calls return it.
 */
export function ensureSyncLoop(
  url: string,
  db: () => Promise<Database>,
  options: Omit<SyncLoopOptions, "db" | "ch"> = {},
): SyncLoop {
  const g = globalThis as GlobalWithLoop;
  g[LOOP_KEY] ??= startSyncLoop({ ...options, db, ch: createClickHouse(url) });
  return g[LOOP_KEY];
}
