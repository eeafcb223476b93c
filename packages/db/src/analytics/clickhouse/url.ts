/**
 * CLICKHOUSE_URL's syntax, apart from the client (@clickhouse/client) so that checking the
 * variable does not load it: the CLI checks its environment before every command.
 */

export class ClickHouseConfigError extends Error {
  override name = "ClickHouseConfigError";
}

export const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface ParsedClickHouseUrl {
  /** The server URL without path (and with its credentials, if any). */
  server: string;
  database: string;
  location: string;
}

/** Parses CLICKHOUSE_URL: http(s)://[user:password@]host:port/database. */
export function parseClickHouseUrl(url: string): ParsedClickHouseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ClickHouseConfigError(
      "CLICKHOUSE_URL is not a URL (expected http://host:8123/database)",
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ClickHouseConfigError(
      `CLICKHOUSE_URL must be an http:// or https:// URL (ClickHouse's HTTP port, 8123 by default), not ${parsed.protocol}//`,
    );
  }
  if (parsed.search || parsed.hash) {
    throw new ClickHouseConfigError("CLICKHOUSE_URL takes no query string or fragment");
  }
  const path = parsed.pathname.replace(/^\/+|\/+$/g, "");
  const database = path === "" ? "default" : decodeURIComponent(path);
  if (!DATABASE_NAME.test(database)) {
    throw new ClickHouseConfigError(
      `CLICKHOUSE_URL names the database ${JSON.stringify(database)}: use letters, digits and underscores`,
    );
  }
  parsed.pathname = "/";
  const server = parsed.toString().replace(/\/$/, "");
  const shown = new URL(server);
  if (shown.password) shown.password = "***";
  return { server, database, location: `${shown.toString().replace(/\/$/, "")}/${database}` };
}
