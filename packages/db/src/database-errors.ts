/**
 * Whose fault a database error is, decided in one place, so that an outage is never reported
 * as a rejected event (a client that only resends on errors would drop it) and a bad event is
 * never answered with "try again later" (resending it cannot help).
 *
 * - `unavailable`: the database cannot be reached or cannot work right now (connection lost or
 *   refused, shutting down or starting up, out of resources, a transaction that lost a race).
 *   Nothing about the data is wrong: the same request may succeed later.
 * - `data`: the row's own values break a database rule the validators did not foresee (data
 *   exceptions, integrity violations, values past a limit). Sending it again gives the same.
 * - `other`: anything else (a query we got wrong, permissions, a corrupted index): our fault.
 */
export type DatabaseFault = "unavailable" | "data" | "other";

/**
 * Socket and driver codes of a lost or refused connection: Node's (`ECONNREFUSED`…) and
 * postgres.js's own (`CONNECTION_CLOSED` when the server went away with a query in flight,
 * `CONNECT_TIMEOUT`, `CONNECTION_ENDED`/`_DESTROYED` while the pool is being closed).
 */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/**
 * SQLSTATE classes (the first two characters) of an unavailable database: 08 connection
 * exception, 53 insufficient resources (disk full, out of memory, too many connections), 57
 * operator intervention (57P01 admin shutdown, 57P02 crash of another backend, 57P03 "the
 * database system is starting up", 57014 a statement cancelled or timed out), 58 system error
 * (I/O). 40001 and 40P01 lost a serialization race or a deadlock, 55P03 a lock wait, and 25006
 * writes on a standby (a failover in progress): each may succeed when tried again.
 */
const UNAVAILABLE_CLASSES = new Set(["08", "53", "57", "58"]);
const UNAVAILABLE_CODES = new Set(["40001", "40P01", "55P03", "25006"]);

/** 22 data exception, 23 integrity constraint violation, 54 program limit exceeded. */
const DATA_CLASSES = new Set(["22", "23", "54"]);

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The error and its causes (Drizzle wraps the driver's error as `cause`; Node may aggregate). */
function* chain(error: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 8 || error === null || typeof error !== "object") return;
  const record = error as Record<string, unknown>;
  yield record;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) yield* chain(inner, depth + 1);
  }
  if ("cause" in record) yield* chain(record.cause, depth + 1);
}

/** The SQLSTATE the server answered with, if any error in the chain carries one. */
export function sqlState(error: unknown): string | undefined {
  for (const e of chain(error)) {
    if (typeof e.code === "string" && SQLSTATE.test(e.code)) return e.code;
  }
  return undefined;
}

function connectionCode(error: unknown): string | undefined {
  for (const e of chain(error)) {
    if (typeof e.code === "string" && CONNECTION_CODES.has(e.code)) return e.code;
  }
  return undefined;
}

export function classifyDatabaseError(error: unknown): DatabaseFault {
  if (connectionCode(error)) return "unavailable";
  const state = sqlState(error);
  if (state) {
    if (UNAVAILABLE_CODES.has(state) || UNAVAILABLE_CLASSES.has(state.slice(0, 2))) {
      return "unavailable";
    }
    if (DATA_CLASSES.has(state.slice(0, 2))) return "data";
  }
  // Encoding one row failed before it reached the database (JSON nested past the stack, a
  // string past V8's limit): the row's own doing.
  if (error instanceof RangeError) return "data";
  return "other";
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return classifyDatabaseError(error) === "unavailable";
}

/**
 * What went wrong, for logs and messages: the connection code or SQLSTATE with the server's
 * message, else the error's own message. Never the SQL text Drizzle puts in its wrapper.
 */
export function describeDatabaseError(error: unknown): string {
  const code = connectionCode(error) ?? sqlState(error);
  if (code !== undefined) {
    for (const e of chain(error)) {
      if (e.code === code && typeof e.message === "string") return `${code}: ${e.message}`;
    }
  }
  if (!(error instanceof Error)) return String(error);
  // Drizzle's own message is the SQL text: its cause says more, and shorter.
  return error.message.startsWith("Failed query:") ? error.name : error.message;
}

/**
 * Why the database refused a value, in the server's own words (with its detail for a data
 * exception, e.g. "\u0000 cannot be converted to text"), never the Drizzle wrapper's SQL text.
 */
export function refusalReason(error: unknown): string {
  const state = sqlState(error);
  if (state === undefined) {
    return error instanceof RangeError
      ? "the value cannot be encoded for the database (nested too deeply or too large)"
      : "no reason given";
  }
  for (const e of chain(error)) {
    if (e.code !== state || typeof e.message !== "string") continue;
    const detail = state?.startsWith("22") && typeof e.detail === "string" ? ` (${e.detail})` : "";
    return `${e.message}${detail}`.slice(0, 480);
  }
  return "no reason given";
}

/** The reason a row is refused, as reported per event. */
export function rejectionMessage(error: unknown): string {
  return `rejected by the database: ${refusalReason(error)}`;
}
