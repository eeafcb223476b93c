import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClickHouse } from "../../src/analytics/clickhouse/client";
import { SyncBusyError, syncToClickHouse } from "../../src/analytics/clickhouse/sync";
import {
  createDatabase,
  type Database,
  type DatabaseHandle,
  migrateDatabase,
  queryRows,
} from "../../src/client";
import { openTestDatabase, seedTestCatalogue, TEST_TARGETS, type TestDatabase } from "../helpers";
import { CLICKHOUSE_UP, openTestClickHouse, type TestClickHouse } from "./helpers";
import {
  clickHouseEvents,
  eventCounts,
  insertRawEvents,
  postgresEvents,
  syncFully,
} from "./sync-fixtures";

const child = join(dirname(fileURLToPath(import.meta.url)), "crash-child.ts");
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** The child's database: a PGlite folder (closed here while the child has it) or a server. */
interface Source {
  arg: string;
  /** Opens the database in this process (PGlite: only while no child has the folder). */
  open: () => Promise<Database>;
  release: () => Promise<void>;
  cleanup: () => Promise<void>;
}

async function openSource(target: "pglite" | "postgres"): Promise<Source> {
  if (target === "postgres") {
    const t: TestDatabase = await openTestDatabase("postgres");
    const [row] = await queryRows<{ name: string }>(t.db, sql`SELECT current_database() AS name`);
    const url = new URL(process.env.DATABASE_URL ?? "");
    url.pathname = `/${row?.name}`;
    return {
      arg: url.toString(),
      open: async () => t.db,
      release: async () => {},
      cleanup: t.cleanup,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "parcours-crash-"));
  const dataDir = join(dir, "pglite");
  let handle: DatabaseHandle | null = null;
  return {
    arg: dataDir,
    open: async () => {
      if (!handle) {
        handle = createDatabase({ dataDir });
        await migrateDatabase(handle);
      }
      return handle.db;
    },
    release: async () => {
      await handle?.close();
      handle = null;
    },
    cleanup: async () => {
      await handle?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every child started, so that a failed assertion never leaves one stalled behind. */
const children: ChildProcess[] = [];

function startChild(source: Source, ch: TestClickHouse, batch: number, mode: "run" | "stall") {
  const proc = spawn(
    process.execPath,
    ["--import", tsx, child, source.arg, ch.url, String(batch), mode],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(proc);
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  proc.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    proc.on("exit", (code, signal) => resolve(signal ?? code ?? -1)),
  );
  const waitFor = (line: string, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${line} from the child; stderr: ${stderr}`)),
        timeoutMs,
      );
      const check = () => {
        if (stdout.includes(line)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout.on("data", check);
      exited.then(() => {
        check();
        clearTimeout(timer);
        if (!stdout.includes(line)) reject(new Error(`child exited before ${line}: ${stderr}`));
      });
      check();
    });
  return { proc, exited, waitFor, output: () => stdout };
}

async function killHard(proc: ChildProcess, exited: Promise<number | string>) {
  proc.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
}

describe.skipIf(!CLICKHOUSE_UP).each(TEST_TARGETS)(
  "ClickHouse sync killed with -9 (%s)",
  (target) => {
    let source: Source;
    let ch: TestClickHouse;

    beforeAll(async () => {
      source = await openSource(target);
      ch = await openTestClickHouse();
      const db = await source.open();
      await seedTestCatalogue(db);
      await insertRawEvents(db, { prefix: "s", count: 5_000 });
      await source.release();
    });
    afterEach(() => {
      for (const proc of children.splice(0)) {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      }
    });
    afterAll(async () => {
      await ch?.cleanup();
      await source?.cleanup();
    });

    it("dies in the middle of an insert: that batch is not there, the restart copies it once", async () => {
      const run = startChild(source, ch, 1_000, "stall");
      await run.waitFor("MID-BATCH");
      if (target === "postgres") {
        // The stalled process holds the sync's lock: a second sync, here through another name
        // for the same server, is turned away rather than copying alongside it.
        const other = createClickHouse(ch.url.replace("127.0.0.1", "localhost"));
        try {
          await expect(syncToClickHouse(await source.open(), other)).rejects.toThrow(SyncBusyError);
        } finally {
          await other.close();
        }
      }
      await killHard(run.proc, run.exited);
      // Two whole batches went in; the half-sent third left nothing behind.
      expect(await eventCounts(ch)).toEqual({ rows: 2_000, distinct: 2_000 });

      const db = await source.open();
      const rest = await syncFully(db, ch, { batchRows: 1_000 });
      expect(rest.events).toBe(3_000);
      expect(await eventCounts(ch)).toEqual({ rows: 5_000, distinct: 5_000 });
      expect(await clickHouseEvents(ch)).toEqual(await postgresEvents(db));
      await source.release();
    });

    it("killed at random moments again and again: every event ends up there exactly once", async () => {
      let db = await source.open();
      await insertRawEvents(db, { prefix: "r", count: target === "postgres" ? 60_000 : 10_000 });
      await source.release();
      const seen: number[] = [];
      for (let kill = 0; kill < (target === "postgres" ? 4 : 3); kill++) {
        const run = startChild(source, ch, 500, "run");
        await run.waitFor("COPYING");
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 500));
        if (run.output().includes("DONE")) break;
        await killHard(run.proc, run.exited);
        const counts = await eventCounts(ch);
        expect(counts.rows).toBe(counts.distinct);
        seen.push(counts.rows);
      }
      db = await source.open();
      const total = target === "postgres" ? 65_000 : 15_000;
      await syncFully(db, ch, { batchRows: 500 });
      expect(await eventCounts(ch)).toEqual({ rows: total, distinct: total });
      expect(await clickHouseEvents(ch)).toEqual(await postgresEvents(db));
      // At least one kill landed while the copy was under way, not before or after it.
      expect(seen.some((n) => n > 5_000 && n < total)).toBe(true);
      await source.release();
    }, 300_000);
  },
);
