import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type every query takes: PGlite and PostgreSQL share Drizzle's pg core. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Where the data lives, for messages: the PGlite folder or the server URL without password. */
  location: string;
  close: () => Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; when absent, an embedded PGlite database is used. */
  url?: string | undefined;
  /** PGlite data folder; `memory://` (the default when no folder is given) keeps it in memory. */
  dataDir?: string | undefined;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export function createDatabase(options: DatabaseOptions = {}): DatabaseHandle {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      // Seconds before a connection lost with an error is opened again. postgres.js's default
      // grows to 20 s after a few failed attempts (an outage of seconds gets there), so that
      // requests kept waiting long after the server was back; capped at 1 s, a request during
      // an outage fails fast (503) and the first after it reconnects.
      backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 1),
      connection: {
        application_name: "parcours",
        // Aggregations are short, large scans: JIT compilation costs more than it saves
        // (it was most of a 1M-event funnel's time), and sorts/hashes should stay in memory.
        jit: "off",
        work_mem: "64MB",
      },
    });
    const db = drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      location: redactUrl(options.url),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    location: dataDir,
    close: () => client.close(),
  };
}

/**
 * Drops a throw-away database (tests, benchmarks), ending the sessions still in it. On
 * PostgreSQL 15 `WITH (FORCE)` refuses with 42501 ("must be a member of the role whose process
 * is being terminated") when an autovacuum worker is in the database and the role lacks
 * pg_signal_backend; a plain DROP ends autovacuum workers itself.
 */
export async function dropDatabase(admin: postgres.Sql, name: string): Promise<void> {
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch (error) {
    if (!(error instanceof postgres.PostgresError && error.code === "42501")) throw error;
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`);
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

/**
 * The committed drizzle-kit migrations, next to this package's sources. When this module is
 * bundled (the Next.js server), import.meta.url no longer points there: fall back to the
 * repository layout, or PARCOURS_MIGRATIONS_DIR.
 */
export function migrationsFolder(): string {
  if (process.env.PARCOURS_MIGRATIONS_DIR) return process.env.PARCOURS_MIGRATIONS_DIR;
  const besideSources = join(dirname(fileURLToPath(import.meta.url)), "..", "drizzle");
  if (existsSync(join(besideSources, "meta", "_journal.json"))) return besideSources;
  return join(/* turbopackIgnore: true */ findRepoRoot(), "packages", "db", "drizzle");
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (handle.kind === "postgres") {
    await migratePostgres(handle.db as never, config);
  } else {
    await migratePglite(handle.db as never, config);
  }
}

/**
 * The repository root (the folder holding pnpm-workspace.yaml), for the default `.data/`.
 * Resolved at run time: the ignore comments keep the Next.js build from tracing (and copying)
 * the whole project because of a path it cannot know in advance.
 */
export function findRepoRoot(start = process.cwd()): string {
  let dir = resolve(/* turbopackIgnore: true */ start);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(/* turbopackIgnore: true */ start);
    dir = parent;
  }
}

export function defaultDataDir(): string {
  return (
    process.env.PARCOURS_DATA_DIR ??
    join(/* turbopackIgnore: true */ findRepoRoot(), ".data", "pglite")
  );
}

const GLOBAL_KEY = Symbol.for("parcours.database");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<DatabaseHandle> };

/**
 * The process-wide database: PostgreSQL when DATABASE_URL is set, else PGlite in `.data/`.
 * PGlite allows one connection per process, so every caller shares this one (kept on
 * globalThis so that hot reloads and duplicated module graphs reuse it), migrated once.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  const g = globalThis as GlobalWithDb;
  g[GLOBAL_KEY] ??= (async () => {
    const handle = createDatabase({
      url: process.env.DATABASE_URL || undefined,
      dataDir: defaultDataDir(),
    });
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    return handle;
  })().catch((error: unknown) => {
    // Forget a failed start (server down, folder locked) so that the next request retries.
    delete g[GLOBAL_KEY];
    throw error;
  });
  return g[GLOBAL_KEY];
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

/** One round trip to the database (health checks). */
export async function pingDatabase(db: Database): Promise<void> {
  await queryRows(db, sql`SELECT 1`);
}

/**
 * Whether `statement_timeout` can stop a query on this database. PGlite cannot: it runs each
 * query to the end on the JavaScript thread, with no timer signal to cancel it (measured: a
 * `SET LOCAL statement_timeout = 200` let a 25 s query finish).
 */
export function enforcesStatementTimeout(db: Database): boolean {
  return !((db as { $client?: unknown }).$client instanceof PGlite);
}

/**
 * Runs `work` in a transaction whose statements PostgreSQL cancels after `ms` (SQLSTATE
 * 57014), so that no single request holds a connection and a CPU for longer. Where the
 * database cannot enforce it (PGlite), `work` runs as is, outside a transaction: one there
 * would only hold PGlite's single connection for the whole of `work`.
 */
export async function withStatementTimeout<T>(
  db: Database,
  ms: number,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  if (!enforcesStatementTimeout(db)) return work(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('statement_timeout', ${String(Math.round(ms))}, true)`);
    // A transaction runs the same queries as the database it belongs to.
    return work(tx as unknown as Database);
  });
}
