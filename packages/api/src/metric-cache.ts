import { createHash } from "node:crypto";
import { type Database, isTransaction, readDataVersion } from "@parcours/db";
import { type Catalogue, getCatalogue } from "@parcours/db/queries";
import { initTRPC } from "@trpc/server";
import { LRUCache } from "lru-cache";
import superjson from "superjson";

/**
 * Metric answers, kept until the data changes. An answer is keyed by the procedure, its input,
 * the engine and the data version (packages/db queries/data-version.ts), which every write that
 * can change an answer advances after it commits (and, on the ClickHouse engine, the sync again
 * once the write is copied): a key is never looked up again once the data it was
 * computed from has changed, so nothing needs invalidating, and old entries age out of the LRU.
 *
 * Only answers that depend on nothing but the input and the data belong here: no user, no
 * role, no saved view whose visibility depends on who asks. Identical queries that arrive
 * while one is being computed wait for it instead of running again (single flight); a
 * failure is never kept.
 */
export interface MetricCacheLimits {
  /** Answers kept at most. */
  entries: number;
  /** Their total size, counted as the length of their JSON (the heap holds about 2–3× that). */
  jsonChars: number;
  /**
   * An answer older than this is computed again. Not needed for correctness: it bounds how long
   * a write whose version bump never reached the database (the connection lost just after the
   * commit) or a write made outside Parcours can go unseen by other processes.
   */
  maxAgeMs: number;
}

/**
 * The overview asks five queries per filter combination; 2,000 answers hold a few hundred
 * combinations, and the largest answers (heatmaps, funnels over time) are tens of kB each.
 */
export const METRIC_CACHE_LIMITS: MetricCacheLimits = {
  entries: 2_000,
  jsonChars: 64 * 1024 * 1024,
  maxAgeMs: 10 * 60 * 1000,
};

/** What the cache needs from a procedure's result: whether it succeeded, and its answer. */
interface Outcome {
  ok: boolean;
  data?: unknown;
}

export interface MetricCacheStats {
  /** Answered from the cache. */
  hits: number;
  /** Answered by waiting for an identical query already running. */
  joined: number;
  /** Computed. */
  computed: number;
}

export class MetricCache {
  private readonly answers: LRUCache<string, Outcome>;
  private readonly running = new Map<string, Promise<Outcome>>();
  readonly stats: MetricCacheStats = { hits: 0, joined: 0, computed: 0 };

  constructor(readonly limits: MetricCacheLimits = METRIC_CACHE_LIMITS) {
    // Each entry's size is given when it is stored (see `keep`).
    this.answers = new LRUCache<string, Outcome>({
      max: limits.entries,
      maxSize: limits.jsonChars,
      ttl: limits.maxAgeMs,
    });
  }

  /** Answers currently kept. */
  get size(): number {
    return this.answers.size;
  }

  /**
   * The answer stored under `key`, else the one being computed for it, else `compute()`'s.
   * Only successful outcomes are kept. A caller that joined a computation that failed
   * computes for itself: the failure may have been the first caller's own (its fair share of
   * the database was used up), not the query's.
   */
  async answer<R extends Outcome>(key: string, compute: () => Promise<R>): Promise<R> {
    const kept = this.answers.get(key);
    if (kept) {
      this.stats.hits++;
      // Stored from a compute() for this very key, so of the caller's result type.
      return kept as R;
    }
    const pending = this.running.get(key);
    if (pending) {
      this.stats.joined++;
      const shared = await pending.catch(() => undefined);
      if (shared?.ok) return shared as R;
      this.stats.computed++;
      return compute();
    }
    this.stats.computed++;
    const run = compute();
    // Others get the outcome without the first caller's context (its user, headers, transaction).
    const shared = run.then(withoutContext);
    // Awaited by those who join, if any; the first caller sees a failure through `run`.
    shared.catch(() => {});
    this.running.set(key, shared);
    try {
      const outcome = await run;
      if (outcome.ok) this.keep(key, await shared);
      return outcome;
    } finally {
      this.running.delete(key);
    }
  }

  private keep(key: string, outcome: Outcome): void {
    let size: number;
    try {
      size = key.length + (JSON.stringify(outcome.data)?.length ?? 0);
    } catch {
      // Not measurable (a BigInt, a cycle): not kept rather than kept at a guessed size.
      return;
    }
    if (size > this.limits.jsonChars) return;
    this.answers.set(key, outcome, { size });
  }
}

function withoutContext(outcome: Outcome): Outcome {
  return { ...outcome, ctx: undefined } as Outcome;
}

/** Sorts object keys, so that `{a, b}` and `{b, a}` make one key. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The cache key: procedure, data version and a hash of the input as tRPC receives it. The input
 * is serialised as superjson sends it (a Date stays apart from the same instant as a string),
 * so that two inputs share a key only when no client could tell them apart.
 */
export function answerKey(path: string, version: string, rawInput: unknown): string {
  const input = JSON.stringify(superjson.serialize(rawInput), sortedKeys) ?? "";
  return `${path} ${version} ${createHash("sha256").update(input).digest("base64url")}`;
}

/** One cache per database (tests open many), on globalThis: Next.js may load this module twice. */
const CACHES = Symbol.for("parcours.metricCaches");
type GlobalWithCaches = typeof globalThis & { [CACHES]?: WeakMap<Database, MetricCache> };

export function metricCacheFor(db: Database): MetricCache {
  const g = globalThis as GlobalWithCaches;
  g[CACHES] ??= new WeakMap();
  let cache = g[CACHES].get(db);
  if (!cache) {
    cache = new MetricCache();
    g[CACHES].set(db, cache);
  }
  return cache;
}

interface MetricCacheContext {
  db: Database;
  /** The engine answering: its name is part of the key (tests run both on one database). */
  metrics: { engine: string };
  catalogue: () => Promise<Catalogue>;
}

const t = initTRPC.context<MetricCacheContext>().create();

/**
 * The middleware, as a procedure builder to `.concat()` after authorisation and before the fair
 * share: an answer from the cache, or one joined while it is computed, takes no slot of the
 * caller's fair share. It keys on the raw input, before validation: equal raw inputs validate
 * alike, and an invalid one fails and is never kept.
 */
export function metricCacheProcedure(cacheFor: (db: Database) => MetricCache = metricCacheFor) {
  return t.procedure.use(async ({ ctx, path, getRawInput, next }) => {
    if (isTransaction(ctx.db)) return next();
    let version: string;
    try {
      version = await readDataVersion(ctx.db);
    } catch {
      // The query itself will say what is wrong with the database.
      return next();
    }
    let key: string;
    try {
      key = answerKey(path, `${ctx.metrics.engine}:${version}`, await getRawInput());
    } catch {
      // superjson refuses some inputs (an own `__proto__` key): the input check answers them.
      return next();
    }
    return cacheFor(ctx.db).answer(key, async () => {
      // Read again: the request's catalogue may have been read before the version was, and the
      // answer must come from a catalogue at least as new as the version it is stored under.
      // Read here, before the fair share opens its transaction: from inside it, a read on this
      // database waits for a second connection of the pool, and with as many requests as
      // connections each holding one, none would ever come.
      const catalogue = await getCatalogue(ctx.db);
      return next({ ctx: { catalogue: () => Promise.resolve(catalogue) } });
    });
  });
}
