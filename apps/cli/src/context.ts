import { userInfo } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { createDatabase, type DatabaseHandle, defaultDataDir, migrateDatabase } from "@parcours/db";
import type { Metrics } from "@parcours/db/metrics/engine";
import { type Actor, UnknownKeyError } from "@parcours/db/queries";
import { ZodError } from "zod";
import { readEnv } from "./env";

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite), migrated. */
export async function openDatabase(): Promise<DatabaseHandle> {
  const env = readEnv();
  const handle = createDatabase({
    url: env.DATABASE_URL,
    dataDir: env.PARCOURS_DATA_DIR ?? defaultDataDir(),
  });
  try {
    await migrateDatabase(handle);
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  return handle;
}

export async function withDatabase<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase();
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/**
 * The configured database and the metric engine CLICKHOUSE_URL chooses (ClickHouse when set,
 * else the database itself), as the web app answers: `parcours kpis` shows what the dashboard
 * shows.
 */
export async function withMetrics<T>(
  fn: (metrics: Metrics, handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  // Loaded here, not at start-up: it brings ClickHouse's client, which most commands never use.
  const { engineFromEnv } = await import("@parcours/db/metrics/engine");
  const engine = engineFromEnv(readEnv().CLICKHOUSE_URL);
  try {
    return await withDatabase((handle) => fn(engine.on(handle.db), handle));
  } finally {
    await engine.close();
  }
}

/** Paths are relative to where the user ran `pnpm parcours`, not to this package. */
export function userPath(path: string): string {
  if (isAbsolute(path)) return path;
  return resolve(readEnv().INIT_CWD ?? process.cwd(), path);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Progress and notes go to stderr so that stdout stays clean for --json and exports. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** 2 when the command line is wrong (whatever the data), 1 for everything else. */
export function exitCodeFor(error: unknown): number {
  return error instanceof UsageError ||
    error instanceof UnknownKeyError ||
    error instanceof ZodError
    ? 2
    : 1;
}

export function describeError(error: unknown): string {
  if (error instanceof ZodError) {
    return error.issues
      .map((issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`)
      .join("; ");
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** Changes made from the CLI are logged under the operating-system account that ran it. */
export function cliActor(): Actor {
  let name = "unknown";
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown".
  }
  return { id: null, email: `cli:${name}` };
}
