import { ROLES, type Role } from "@parcours/auth";
import type { Database } from "@parcours/db";
import { createApiKey } from "@parcours/db/queries";
import {
  DAY,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { TRPCError } from "@trpc/server";
import { type SQL, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { ZodError } from "zod";
import { appRouter } from "../src";
import { type Caller, callerAs, createTestUsers, PROCEDURES, procedureAt } from "./procedures";

/**
 * Property-based fuzzing of every procedure, as every role: garbage inputs, and valid samples
 * with one part replaced by garbage (to get past the first check), must never give an internal
 * error, never take long, and a call that fails must leave the database as it was.
 * Seeded per procedure, so that a failure is reproduced by running the file again.
 */
const RUNS = 8;
/** Far above any answer here (milliseconds on this data): only a hang gets near it. */
const CALL_LIMIT_MS = 10_000;

type Who = Role | "anonymous";
const WHO: Who[] = ["anonymous", ...ROLES];

/** Values that broke or nearly broke real servers: limits, dates past what databases hold, NUL. */
const NASTY: unknown[] = [
  null,
  undefined,
  true,
  0,
  -1,
  1.5,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_VALUE,
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "'; DROP TABLE users; --",
  "%_\\",
  "0001-01-01",
  "9999-12-31",
  "2026-13-45",
  "2026-02-31",
  "+275760-09-13T00:00:00.000Z",
  "x".repeat(100_000),
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date(Number.NaN),
  new Date("0001-01-01T00:00:00Z"),
  new Date("9999-01-01T00:00:00Z"),
  "__proto__",
  {},
  [],
  JSON.parse('{"__proto__": {"polluted": true}}'),
  Array.from({ length: 1000 }, (_, i) => i),
];

const garbage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.date({ noInvalidDate: false }),
  fc.anything({ maxDepth: 2, maxKeys: 5, withDate: true, withNullPrototype: true }),
);

type Path = (string | number)[];

/** A value as the failure message shows it: short, with its type. */
function show(value: unknown): string {
  if (value instanceof Date)
    return `Date(${Number.isNaN(value.getTime()) ? "invalid" : value.getTime()})`;
  if (typeof value === "string")
    return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…(${value.length})` : value);
  if (typeof value === "number" || value === undefined) return String(value);
  return JSON.stringify(value)?.slice(0, 40) ?? String(value);
}

/** Every place in a sample that can be replaced: the whole input, each property, each element. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const paths: Path[] = [at];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths.push(...pathsOf(v, [...at, i]));
  } else if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...at, k]));
  }
  return paths;
}

function replaced(value: unknown, path: Path, by: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return by;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = replaced(copy[head as number], rest, by);
    return copy;
  }
  const record = { ...(value as Record<string, unknown>) };
  record[head] = replaced(record[head], rest, by);
  return record;
}

/** Inputs for one procedure: garbage, its sample with one part replaced, or with a part added. */
function inputs(sample: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(sample);
  return fc.oneof(
    garbage,
    fc
      .tuple(fc.nat({ max: paths.length - 1 }), garbage)
      .map(([i, by]) => replaced(sample, paths[i] ?? [], by)),
    fc
      .tuple(fc.nat({ max: paths.length - 1 }), fc.string({ maxLength: 10 }), garbage)
      .map(([i, key, by]) => replaced(sample, [...(paths[i] ?? []), key], by)),
  );
}

/** A digest of every table, to tell whether a failed call wrote anything. */
async function digest(db: Database): Promise<string> {
  const tables = await rowsOf<{ table_name: string }>(
    db,
    sql`SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const parts = tables.map(
    ({ table_name: name }) =>
      sql`SELECT ${name} AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM ${sql.identifier(name)} x`,
  );
  const rows = await rowsOf<{ name: string; digest: string }>(
    db,
    sql.join(parts, sql` UNION ALL `),
  );
  return rows.map((r) => `${r.name}:${r.digest}`).join(",");
}

/**
 * The next transaction id: it moves whenever something writes, even a write rolled back, and
 * reading it writes nothing. Unchanged, nothing was written; moved, the digests tell whether
 * what was written is still there.
 */
async function nextTransactionId(db: Database): Promise<string> {
  const [row] = await rowsOf<{ xmax: string }>(
    db,
    sql`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`,
  );
  return row?.xmax ?? "";
}

async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Tells whether a failed call left the database as it was, reading every table only when
 * something was written since the last look.
 */
class WriteWatch {
  private known = { xid: "", digest: "" };

  constructor(private readonly db: Database) {}

  /** The state before a call. */
  async before(): Promise<{ xid: string; digest: string }> {
    const xid = await nextTransactionId(this.db);
    if (xid !== this.known.xid) this.known = { xid, digest: await digest(this.db) };
    return this.known;
  }

  /** Whether the database holds what it held `before` (a failed call must leave it so). */
  async unchangedSince(before: { xid: string; digest: string }): Promise<boolean> {
    if ((await nextTransactionId(this.db)) === before.xid) return true;
    return (await digest(this.db)) === before.digest;
  }
}

type Outcome = { ok: true } | { ok: false; code: string; message: string; inputRefused: boolean };

async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CALL_LIMIT_MS} ms`)),
      CALL_LIMIT_MS,
    );
  });
  try {
    await Promise.race([call(), limit]);
    return { ok: true };
  } catch (error) {
    if (error instanceof TRPCError) {
      // Refused by the input schema: before the procedure ran, so it wrote nothing.
      const inputRefused = error.cause instanceof ZodError;
      return { ok: false, code: error.code, message: error.message, inputRefused };
    }
    return { ok: false, code: "NOT_A_TRPC_ERROR", message: String(error), inputRefused: false };
  } finally {
    clearTimeout(timer);
  }
}

/** A stable seed per procedure, so that each has its own reproducible sequence. */
function seedOf(path: string): number {
  let hash = 15;
  for (const c of path) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return hash;
}

const types = Object.fromEntries(
  Object.entries(appRouter._def.procedures).map(([path, p]) => [
    path,
    (p as unknown as { _def: { type: string } })._def.type,
  ]),
);

describe.each(TEST_TARGETS)("fuzzing every procedure on %s", (target) => {
  let t: TestDatabase;
  let callers: Record<Who, Caller>;
  let logged: MockInstance<typeof console.error>;
  let watch: WriteWatch;

  beforeAll(async () => {
    // An internal error would be logged; the property reports it instead.
    logged = vi.spyOn(console, "error").mockImplementation(() => {});
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      { id: "f1", customer: "c1", touchpoint: "ads", t: 0, satisfaction: 4 },
      { id: "f2", customer: "c1", touchpoint: "checkout", t: DAY, type: "purchase" },
      { id: "f3", customer: "c2", touchpoint: "website", t: 2 * DAY, satisfaction: 2 },
    ]);
    const users = await createTestUsers(t.db);
    callers = {
      anonymous: await callerAs(t.db, null),
      viewer: await callerAs(t.db, users.viewer),
      manager: await callerAs(t.db, users.manager),
      admin: await callerAs(t.db, users.admin),
    };
    // What the samples' ids point at: view 1 (team), comment 1, share link 1, API key 1.
    const view = await callers.manager.views.create({
      name: "Fuzzed",
      visibility: "team",
      period: { kind: "relative", days: 30 },
    });
    await callers.viewer.views.annotate({ viewId: view.id, target: { kind: "view" }, body: "x" });
    await callers.manager.views.createShareLink({ id: view.id });
    await createApiKey(t.db, { id: null, email: "test" }, "fuzz");
    watch = new WriteWatch(t.db);
  });
  afterAll(async () => {
    logged.mockRestore();
    await t.cleanup();
  });

  /** Runs one call and checks the three properties; returns what went wrong, or null. */
  async function check(path: string, who: Who, input: unknown): Promise<string | null> {
    const mutation = types[path] === "mutation";
    const before = mutation ? await watch.before() : null;
    const outcome = await outcomeOf(() => procedureAt(callers[who], path)(input));
    if (outcome.ok) return null;
    if (outcome.code === "INTERNAL_SERVER_ERROR" || outcome.code === "NOT_A_TRPC_ERROR") {
      return `${outcome.code}: ${outcome.message}`;
    }
    if (before && !outcome.inputRefused && !(await watch.unchangedSince(before))) {
      return `failed with ${outcome.code} (${outcome.message}) yet changed the database`;
    }
    return null;
  }

  const paths = Object.keys(PROCEDURES).sort();

  it.each(paths)(
    "%s: every field set to each edge value, as its role",
    async (path) => {
      const sample = PROCEDURES[path];
      const who: Who = sample?.access === "public" ? "anonymous" : (sample?.access ?? "admin");
      const problems: string[] = [];
      for (const at of pathsOf(sample?.input)) {
        for (const value of NASTY) {
          const problem = await check(path, who, replaced(sample?.input, at, value));
          if (problem) problems.push(`${at.join(".") || "(input)"} = ${show(value)}: ${problem}`);
        }
      }
      expect(problems).toEqual([]);
    },
    120_000,
  );

  it.each(paths)(
    "%s: random inputs as every role (seeded)",
    async (path) => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...WHO),
          inputs(PROCEDURES[path]?.input),
          async (who, input) => {
            expect(await check(path, who, input)).toBeNull();
          },
        ),
        { seed: seedOf(path), numRuns: RUNS, endOnFailure: true },
      );
    },
    120_000,
  );
});
