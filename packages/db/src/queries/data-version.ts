import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { type Database, queryRows } from "../client";

/**
 * The data version: it changes after every committed write that can change a metric's answer
 * (events, customers and their personas, the catalogue), so that a cache keyed by it never
 * serves an answer computed before that write.
 *
 * On PostgreSQL it is the `data_version` sequence, advanced with nextval() once the write has
 * committed. Other processes (a CLI import while the app runs, a second web server) share it,
 * reading it costs one `SELECT` and no lock, and nextval is not transactional, so concurrent
 * imports never queue behind each other for it. Advancing only after the commit is what
 * makes it exact: a reader that sees the old version can only have computed from data as old
 * as it or newer, and its entry is never read again once the version moves on. A trigger
 * would catch writes made outside Parcours too, but it fires before the commit, and a reader
 * in between would store the old answer under the new version for good.
 *
 * PGlite allows one process per data folder, so there every writer is in this process: the
 * version is a counter in memory, and reading it costs no query (PGlite runs one query at a
 * time; a read there would queue behind the metric queries it is meant to spare).
 *
 * An engine that answers from a copy of the data (ClickHouse, filled after the commit) must
 * advance the version again once its copy has caught up: an answer computed between the commit
 * and the copy would otherwise be stored under the new version.
 *
 * The in-memory counter is kept on PostgreSQL too, so that this process sees its own writes
 * even when nextval fails after a commit (the connection lost in between); other processes
 * then see the change at their next write, and the metric cache's age limit bounds the rest.
 */

/** Per database object and on globalThis: Next.js may load this module more than once. */
const COUNTERS = Symbol.for("parcours.dataVersion.counters");
type GlobalWithCounters = typeof globalThis & { [COUNTERS]?: WeakMap<Database, number> };

function counters(): WeakMap<Database, number> {
  const g = globalThis as GlobalWithCounters;
  g[COUNTERS] ??= new WeakMap();
  return g[COUNTERS];
}

function isEmbedded(db: Database): boolean {
  return (db as { $client?: unknown }).$client instanceof PGlite;
}

/**
 * A transaction's writes are not committed yet: advancing now would let a reader store the
 * old answer under the new version. Whoever opened the transaction advances after its commit.
 */
export function isTransaction(db: Database): boolean {
  return db instanceof PgTransaction;
}

/** The current data version, an opaque string: equal strings mean the same data. */
export async function readDataVersion(db: Database): Promise<string> {
  const local = counters().get(db) ?? 0;
  if (isEmbedded(db)) return `${local}`;
  const [row] = await queryRows<{ version: string }>(
    db,
    sql`SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text AS version FROM data_version`,
  );
  return `${row?.version ?? "0"}.${local}`;
}

/**
 * Moves the data version on. Call it after the write has committed (never inside a
 * transaction: it does nothing there). It does not fail: a write that committed stays
 * reported as done even if the database went away just after it.
 */
export async function advanceDataVersion(db: Database): Promise<void> {
  if (isTransaction(db)) return;
  counters().set(db, (counters().get(db) ?? 0) + 1);
  if (isEmbedded(db)) return;
  try {
    await queryRows(db, sql`SELECT nextval('data_version')`);
  } catch {
    // This process already sees the change (the counter above); see the note at the top.
  }
}

/**
 * Runs a write that can change metric answers, then advances the data version, also when the
 * write failed (it may have committed part of its work). Given a transaction, it only runs
 * the write: the code that opened the transaction wraps it in `changingData` itself.
 */
export async function changingData<T>(db: Database, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    await advanceDataVersion(db);
  }
}
