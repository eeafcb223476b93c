import { Readable } from "node:stream";
import {
  type ClickHouseClient,
  ClickHouseError,
  ClickHouseLogLevel,
  createClient,
} from "@clickhouse/client";
import { type ChSql, isChSql, joinSql, lit } from "./literal";
import { ClickHouseConfigError, DATABASE_NAME, parseClickHouseUrl } from "./url";

export { ClickHouseConfigError, type ParsedClickHouseUrl, parseClickHouseUrl } from "./url";

/**
 * A small wrapper over the official HTTP client (@clickhouse/client), the one place the rest of
 * the code talks to ClickHouse through. It speaks to ClickHouse 18.16 (Debian's) as well as
 * current releases: queries carry no query parameters (18.16 has none; values are literals made
 * by literal.ts) and no settings the old server does not know.
 *
 * The database is the URL's path: `CLICKHOUSE_URL=http://127.0.0.1:8123/parcours`.
 */
export interface ClickHouse {
  /** The server URL without password, for messages. */
  readonly location: string;
  readonly database: string;
  /** Rows of a SELECT, as ClickHouse's JSON renders them (64-bit integers come as strings). */
  query<T>(sql: ChSql): Promise<T[]>;
  /** A statement without result rows (DDL, ALTER … UPDATE, INSERT … SELECT). */
  command(sql: ChSql): Promise<void>;
  /**
   * Inserts rows in ONE request. ClickHouse writes a request's rows as one block when they are
   * fewer than max_insert_block_size (1,048,576) and only once the whole body has arrived, so a
   * client that dies mid-request leaves nothing behind: callers rely on this for exactly-once.
   */
  insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  /** The same, from JSON lines already formatted. */
  insertLines(table: string, lines: readonly string[]): Promise<void>;
  /** The same, from CSV lines (NULL as \N) for these columns. */
  insertCsv(table: string, columns: readonly string[], body: string): Promise<void>;
  /** Statements and queries run outside the URL's database (which may not exist yet). */
  serverCommand(sql: ChSql): Promise<void>;
  serverQuery<T>(sql: ChSql): Promise<T[]>;
  /** Throws ClickHouseUnavailableError when the server does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * A client for the same database on another server of a cluster (an `http(s)://host:port`
   * without credentials): this client's credentials and options, its own connections.
   */
  sibling?(server: string): ClickHouse;
}

/** ClickHouse did not answer (refused, reset, timed out, unknown host): nothing about the query. */
export class ClickHouseUnavailableError extends Error {
  override name = "ClickHouseUnavailableError";
}

export interface ClickHouseOptions {
  /** Overrides the URL's database (tests use one database per file). */
  database?: string;
  /** Per-request timeout (60 s: above it the client asks for progress headers 18.16 may not send). */
  requestTimeoutMs?: number;
  /** More settings for every request (tests and benchmarks: log_queries). */
  settings?: Record<string, string | number>;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);

/**
 * Server errors that mean a shard of a cluster did not answer the server we asked (it is up,
 * another is not): ALL_CONNECTION_TRIES_FAILED, NETWORK_ERROR, SOCKET_TIMEOUT,
 * NO_REMOTE_SHARD_AVAILABLE. Nothing is wrong with the query; the answer would be partial.
 */
const SHARD_DOWN_CODES = new Set(["279", "210", "209", "519"]);

function isShardDown(error: unknown): boolean {
  if (error instanceof ClickHouseError) return SHARD_DOWN_CODES.has(String(error.code));
  // An error the server reports after it began to answer (HTTP 200 sent) reaches the client
  // as the body's text, `Code: 279, e.displayText() = …`, in a plain Error.
  const code = error instanceof Error ? /^Code: (\d+),/.exec(error.message)?.[1] : undefined;
  return code !== undefined && SHARD_DOWN_CODES.has(code);
}

/**
 * Settings of every request. distributed_product_mode=local: in a query over a Distributed
 * table, an IN subquery over another Distributed table (the customers' persona inside a
 * filter on events) reads each shard's own rows: customers and their events live on the same
 * shard (both are sharded by customer). insert_distributed_sync=1: an insert through a
 * Distributed table returns once every shard has written its rows, as the sync's
 * exactly-once bookkeeping needs (the default queues them on disk and sends them later).
 * Neither changes anything on a single server, which has no Distributed tables.
 */
const SETTINGS = { distributed_product_mode: "local", insert_distributed_sync: 1 } as const;

function isNetworkError(error: unknown): boolean {
  if (error instanceof ClickHouseError) return false;
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && NETWORK_CODES.has(code)) return true;
  // The client reports its own request timeout and dropped sockets with these messages.
  return /timeout error|socket hang up|other side closed/i.test(error.message);
}

export function createClickHouse(url: string, options: ClickHouseOptions = {}): ClickHouse {
  const parsed = parseClickHouseUrl(url);
  const database = options.database ?? parsed.database;
  if (!DATABASE_NAME.test(database)) {
    throw new ClickHouseConfigError(`not a ClickHouse database name: ${JSON.stringify(database)}`);
  }
  const location = options.database
    ? parsed.location.replace(/\/[^/]*$/, `/${database}`)
    : parsed.location;
  const make = (db: string): ClickHouseClient =>
    createClient({
      url: parsed.server,
      database: db,
      application: "parcours",
      // Every failure reaches the caller as an exception, which says what it was doing; the
      // client's own log would print each one a second time.
      log: { level: ClickHouseLogLevel.OFF },
      request_timeout: options.requestTimeoutMs ?? 60_000,
      // Keep-alive sockets the server closed first (it keeps them 3 s on 18.16) surface as
      // ECONNRESET on the next request: a 2 s idle limit stays under the server's.
      keep_alive: { enabled: true, idle_socket_ttl: 2000 },
      clickhouse_settings: { ...SETTINGS, ...options.settings },
    });
  const client = make(database);
  let serverClient: ClickHouseClient | undefined;

  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (isNetworkError(error)) {
        const cause = error instanceof Error ? error.message || error.name : String(error);
        // The cause is in the message; as `cause` too, CLI and logs would print it twice.
        throw new ClickHouseUnavailableError(
          `ClickHouse is not answering at ${location} (${cause})`,
        );
      }
      if (isShardDown(error)) {
        // The server's text names the shard's address; its first line is enough.
        const cause = (error as Error).message.split("\n")[0] ?? "";
        throw new ClickHouseUnavailableError(
          `a shard of the ClickHouse cluster behind ${location} is not answering, so no complete answer can be given (${cause})`,
        );
      }
      throw error;
    }
  };
  const text = (sql: ChSql): string => {
    if (!isChSql(sql)) throw new TypeError("ClickHouse queries are built with chSql`…`");
    return sql.text;
  };

  /** insert() serialises JSON itself; exec() sends the bytes as they are, in one request. */
  const sendRaw = (
    table: string,
    columns: readonly string[] | null,
    format: "JSONEachRow" | "CSV",
    body: string,
  ) =>
    guard(async () => {
      const list = columns
        ? ` (${
            joinSql(
              columns.map((c) => lit.ident(c)),
              ", ",
            ).text
          })`
        : "";
      const result = await client.exec({
        query: `INSERT INTO ${lit.ident(table).text}${list} FORMAT ${format}`,
        values: Readable.from([body], { objectMode: false }),
      });
      // The server answers once the rows are written; the (empty) body must still be read.
      for await (const _ of result.stream) {
      }
    });

  return {
    location,
    database,
    query: <T>(sql: ChSql) =>
      guard(async () => {
        const result = await client.query({ query: text(sql), format: "JSONEachRow" });
        return result.json<T>();
      }),
    command: (sql: ChSql) =>
      guard(async () => {
        await client.command({ query: text(sql) });
      }),
    insert: (table, rows) =>
      guard(async () => {
        if (rows.length === 0) return;
        await client.insert({
          table: lit.ident(table).text,
          values: rows as Record<string, unknown>[],
          format: "JSONEachRow",
        });
      }),
    insertLines: (table, lines) =>
      lines.length === 0
        ? Promise.resolve()
        : sendRaw(table, null, "JSONEachRow", `${lines.join("\n")}\n`),
    insertCsv: (table, columns, body) =>
      body.length === 0 ? Promise.resolve() : sendRaw(table, columns, "CSV", `${body}\n`),
    serverCommand: (sql: ChSql) =>
      guard(async () => {
        serverClient ??= make("default");
        await serverClient.command({ query: text(sql) });
      }),
    serverQuery: <T>(sql: ChSql) =>
      guard(async () => {
        serverClient ??= make("default");
        const result = await serverClient.query({ query: text(sql), format: "JSONEachRow" });
        return result.json<T>();
      }),
    ping: () =>
      guard(async () => {
        const result = await client.ping();
        if (!result.success) throw result.error;
      }),
    close: async () => {
      await Promise.all([client.close(), serverClient?.close()]);
    },
    sibling: (server: string) => {
      const target = new URL(server);
      const own = new URL(parsed.server);
      if (!target.username && own.username) {
        target.username = own.username;
        target.password = own.password;
      }
      target.pathname = `/${database}`;
      return createClickHouse(target.toString(), { ...options, database });
    },
  };
}
