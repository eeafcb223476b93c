import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClickHouse } from "../../src/analytics/clickhouse/client";
import { type ChSql, isChSql, lit } from "../../src/analytics/clickhouse/literal";
import type { TestClickHouse } from "./helpers";

/**
 * Current ClickHouse (26.x) embedded in the test process by npm `chdb`, behind the same
 * ClickHouse interface as the HTTP client, so that every suite can also run on the version
 * production servers are likely to run (the Debian server here is 18.16).
 */

interface ChdbSession {
  query(query: string, format?: string): string;
  queryAsync(query: string, options?: { format?: string }): Promise<{ text(): string }>;
  close(): void;
}

type ChdbModule = { Session: new (path?: string) => ChdbSession };

async function loadChdb(): Promise<ChdbModule | null> {
  try {
    return (await import("chdb")) as unknown as ChdbModule;
  } catch (error) {
    console.warn(
      `\n⚠ chdb does not load here (${error instanceof Error ? error.message : String(error)}): the ClickHouse 26 runs of the metric suites are SKIPPED.\n`,
    );
    return null;
  }
}

const chdb = await loadChdb();

/** Whether the ClickHouse 26 runs happen: chdb installed and loadable on this platform. */
export const CHDB_UP = chdb !== null;

function text(sql: ChSql): string {
  if (!isChSql(sql)) throw new TypeError("ClickHouse queries are built with chSql`…`");
  return sql.text;
}

function rows<T>(output: string): T[] {
  return output
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}

/**
 * A chdb session in a fresh directory, with a database of its own as the current one
 * (migrated unless told otherwise); cleanup closes it and removes the directory. One per test
 * file: libchdb holds one data directory per process.
 */
export async function openChdbClickHouse(
  options: { migrate?: boolean } = {},
): Promise<TestClickHouse> {
  if (!chdb) throw new Error("chdb is not available");
  const dir = mkdtempSync(join(tmpdir(), "parcours-chdb-"));
  const session = new chdb.Session(dir);
  const database = "parcours_test";
  // 18.16's JSON quotes 64-bit integers; ask 26 for the same, so that rows read alike.
  session.query("SET output_format_json_quote_64bit_integers = 1");
  const run = async <T>(sql: ChSql): Promise<T[]> => {
    const result = await session.queryAsync(text(sql), { format: "JSONEachRow" });
    return rows<T>(result.text());
  };
  const insertLines = async (table: string, lines: readonly string[]) => {
    if (lines.length === 0) return;
    await session.queryAsync(
      `INSERT INTO ${lit.ident(table).text} FORMAT JSONEachRow\n${lines.join("\n")}`,
    );
  };
  // A variable, not a literal, so that it fits the interface with or without insertLines.
  const adapter = {
    location: `chdb:${dir}/${database}`,
    database,
    query: run,
    command: async (sql: ChSql) => {
      await session.queryAsync(text(sql));
    },
    insert: (table: string, values: readonly Record<string, unknown>[]) =>
      insertLines(
        table,
        values.map((v) => JSON.stringify(v)),
      ),
    insertLines,
    insertCsv: async (table: string, columns: readonly string[], body: string) => {
      if (body.length === 0) return;
      const list = columns.map((c) => lit.ident(c).text).join(", ");
      await session.queryAsync(
        `INSERT INTO ${lit.ident(table).text} (${list}) FORMAT CSV\n${body}`,
      );
    },
    serverCommand: async (sql: ChSql) => {
      await session.queryAsync(text(sql));
    },
    serverQuery: run,
    ping: async () => {
      session.query("SELECT 1");
    },
    close: async () => {
      session.close();
    },
  };
  const ch: ClickHouse = adapter;
  session.query(`CREATE DATABASE IF NOT EXISTS ${database}`);
  session.query(`USE ${database}`);
  if (options.migrate !== false) {
    const { migrateClickHouse } = await import("../../src/analytics/clickhouse/migrate");
    await migrateClickHouse(ch);
  }
  return Object.assign(ch, {
    url: ch.location,
    cleanup: async () => {
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
