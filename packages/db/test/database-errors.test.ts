import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/client";
import {
  classifyDatabaseError,
  describeDatabaseError,
  rejectionMessage,
} from "../src/database-errors";
import { connectionRefusedError } from "./faults";
import { openTestDatabase, TEST_TARGETS, type TestDatabase } from "./helpers";

/** An error as postgres.js raises it for an ErrorResponse from the server. */
const serverError = (code: string, message = "from the server") =>
  new postgres.PostgresError({ code, message, severity: "ERROR" } as never);

/** As postgres.js raises it when the socket goes (see its errors.js). */
const socketError = (code: string) =>
  Object.assign(new Error(`write ${code} 127.0.0.1:5432`), { code, errno: code });

/** Drizzle wraps the driver's error, with the SQL text in its own message. */
const wrapped = (cause: unknown) =>
  Object.assign(new Error("Failed query: INSERT INTO events SELECT secret\nparams: "), { cause });

describe("classifyDatabaseError", () => {
  it.each([
    ["ECONNREFUSED", socketError("ECONNREFUSED")],
    ["ECONNRESET", socketError("ECONNRESET")],
    ["CONNECT_TIMEOUT", socketError("CONNECT_TIMEOUT")],
    ["CONNECTION_CLOSED", socketError("CONNECTION_CLOSED")],
    ["57P01 admin shutdown", serverError("57P01")],
    ["57P02 crash of another backend", serverError("57P02")],
    ["57P03 the database system is starting up", serverError("57P03")],
    ["57014 statement timeout", serverError("57014")],
    ["08006 connection failure", serverError("08006")],
    ["08P01 protocol violation", serverError("08P01")],
    ["53100 disk full", serverError("53100")],
    ["53300 too many connections", serverError("53300")],
    ["58030 I/O error", serverError("58030")],
    ["40001 serialization failure", serverError("40001")],
    ["40P01 deadlock", serverError("40P01")],
    ["25006 read-only (failover)", serverError("25006")],
    ["ECONNRESET wrapped by Drizzle", wrapped(socketError("ECONNRESET"))],
    ["57P01 wrapped by Drizzle", wrapped(serverError("57P01"))],
    [
      "ECONNREFUSED from both addresses of localhost",
      new AggregateError([socketError("ECONNREFUSED"), socketError("ECONNREFUSED")]),
    ],
  ])("%s: unavailable", (_name, error) => {
    expect(classifyDatabaseError(error)).toBe("unavailable");
  });

  it.each([
    ["22P02 invalid text", serverError("22P02")],
    ["22P05 \\u0000 in jsonb", serverError("22P05")],
    ["22021 bad encoding", serverError("22021")],
    ["23505 unique violation", serverError("23505")],
    ["23514 check violation", wrapped(serverError("23514"))],
    ["54000 index row too large", serverError("54000")],
    ["RangeError from encoding a row", new RangeError("Maximum call stack size exceeded")],
  ])("%s: the data's own fault", (_name, error) => {
    expect(classifyDatabaseError(error)).toBe("data");
  });

  it.each([
    ["42P01 missing table (our bug)", wrapped(serverError("42P01"))],
    ["42501 permission denied", serverError("42501")],
    ["XX000 internal error", serverError("XX000")],
    ["a plain Error", new Error("customer was not stored")],
    ["not an error at all", "boom"],
  ])("%s: other", (_name, error) => {
    expect(classifyDatabaseError(error)).toBe("other");
  });

  it("a real refused connection, through postgres.js and Drizzle, is unavailable; its description names the code, not the SQL", async () => {
    const error = await connectionRefusedError();
    expect(classifyDatabaseError(error)).toBe("unavailable");
    expect(describeDatabaseError(error)).toMatch(/^ECONNREFUSED/);
    expect(describeDatabaseError(error)).not.toMatch(/SELECT/);
  });

  it("a description without a code is the error's message, never Drizzle's SQL text", () => {
    expect(describeDatabaseError(new Error("customer was not stored"))).toBe(
      "customer was not stored",
    );
    expect(describeDatabaseError(wrapped(new Error("no code")))).toBe("Error");
  });

  it("a rejection quotes the server's message and detail, never Drizzle's SQL text", () => {
    const error = wrapped(
      Object.assign(serverError("22P05", "unsupported Unicode escape sequence"), {
        detail: "\\u0000 cannot be converted to text.",
      }),
    );
    expect(rejectionMessage(error)).toBe(
      "rejected by the database: unsupported Unicode escape sequence (\\u0000 cannot be converted to text.)",
    );
  });
});

describe.each(TEST_TARGETS)("database errors raised by %s", (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
  });
  afterAll(() => t.cleanup());

  const failure = (query: ReturnType<typeof sql>) =>
    queryRows(t.db, query).then(
      () => {
        throw new Error("the query succeeded");
      },
      (error: unknown) => error,
    );

  it("22P02 (text that is not a number) is the data's fault, reported without the SQL", async () => {
    const error = await failure(sql`SELECT 'seven'::int AS n`);
    expect(classifyDatabaseError(error)).toBe("data");
    expect(rejectionMessage(error)).toMatch(/^rejected by the database: invalid input syntax/);
    expect(rejectionMessage(error)).not.toMatch(/SELECT/);
  });

  it("23514 (a check constraint) is the data's fault", async () => {
    const error = await failure(
      sql`INSERT INTO events (event_id, customer_id, touchpoint_id, stage_id, channel_id, type, occurred_at)
          VALUES ('', 1, 1, 1, 1, 'view', now())`,
    );
    expect(classifyDatabaseError(error)).toBe("data");
  });

  it("42P01 (a missing table: our bug) is other", async () => {
    expect(classifyDatabaseError(await failure(sql`SELECT * FROM no_such_table`))).toBe("other");
  });
});

describe.runIf(process.env.DATABASE_URL)("a terminated PostgreSQL session", () => {
  it("the query in flight fails as unavailable (57P01, or the closed connection postgres.js reports)", async () => {
    const url = process.env.DATABASE_URL ?? "";
    const victim = postgres(url, { max: 1, onnotice: () => {} });
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await victim<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      const sleeping = victim`SELECT pg_sleep(30)`.then(
        () => new Error("pg_sleep finished"),
        (error: unknown) => error,
      );
      // The sleep must have started before the session is terminated.
      for (let i = 0; i < 100; i++) {
        const [state] = await admin<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE pid = ${row?.pid ?? 0} AND query LIKE '%pg_sleep%' AND state = 'active'`;
        if (state?.n) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await admin`SELECT pg_terminate_backend(${row?.pid ?? 0})`;
      const error = await sleeping;
      expect(["57P01", "CONNECTION_CLOSED"]).toContain((error as { code?: string }).code);
      expect(classifyDatabaseError(error)).toBe("unavailable");
    } finally {
      await victim.end({ timeout: 1 });
      await admin.end({ timeout: 1 });
    }
  });
});
