import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { createDatabase, type Database, queryRows } from "../src/client";

const dialect = new PgDialect();

/**
 * The database as seen through a fault: every raw statement (`db.execute`, which the ingestion
 * path uses for its writes), in transactions too, is first shown to `fault` by its SQL text;
 * when it returns an error, the statement fails with it instead of running.
 */
export function withFaults(db: Database, fault: (statement: string) => unknown): Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === "execute") {
        return (query: SQL) => {
          const error = fault(dialect.sqlToQuery(query).sql);
          return error === undefined ? target.execute(query) : Promise.reject(error);
        };
      }
      if (property === "transaction") {
        return (run: (tx: Database) => Promise<unknown>, config?: never) =>
          target.transaction((tx) => run(withFaults(tx, fault)), config);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Fails the `nth` (1-based) and later statements that insert into `table` with `error()`. */
export function failInsertsFrom(table: string, nth: number, error: () => unknown) {
  let seen = 0;
  return (statement: string): unknown => {
    if (!new RegExp(`INSERT INTO ${table}\\b`, "i").test(statement)) return undefined;
    seen++;
    return seen >= nth ? error() : undefined;
  };
}

/**
 * A real "connection refused", as postgres.js reports it through Drizzle (a DrizzleQueryError
 * whose cause carries ECONNREFUSED): a query to a port nothing listens on.
 */
export async function connectionRefusedError(): Promise<unknown> {
  const handle = createDatabase({
    url: "postgres://nobody@127.0.0.1:1/nowhere",
    maxConnections: 1,
  });
  try {
    await queryRows(handle.db, sql`SELECT 1`);
  } catch (error) {
    return error;
  } finally {
    await handle.close();
  }
  throw new Error("a query to port 1 succeeded");
}

/** A database no query reaches: the server is down. */
export function unreachableDatabase() {
  return createDatabase({ url: "postgres://nobody@127.0.0.1:1/nowhere", maxConnections: 2 });
}
