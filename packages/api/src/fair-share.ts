import { type Database, withStatementTimeout } from "@parcours/db";
import type { Metrics } from "@parcours/db/metrics/engine";
import { coded } from "@parcours/validators";
import { initTRPC, TRPCError } from "@trpc/server";
import { CodedTRPCError } from "./coded-error";

/**
 * No single caller gets more than a fair share of the database: at most a few metric queries
 * running per user (the others wait their turn briefly, then are refused with 429), and no
 * statement runs longer than the statement timeout (PostgreSQL cancels it; PGlite cannot).
 */
export interface FairShareLimits {
  /** Metric queries one caller may have running at once. */
  running: number;
  /** Queries one caller may have waiting for a slot; past that they are refused at once. */
  waiting: number;
  /** How long a query waits for a slot before it is refused. */
  waitMs: number;
  /** PostgreSQL cancels a metric statement that runs longer than this. */
  statementTimeoutMs: number;
}

/**
 * The overview sends five metric queries at once and a journey map one; three running and a
 * dozen waiting serve both without queueing a user behind themselves for long. 30 s lets the
 * slowest measured query finish (the heatmap over 180 days of 10M events: 20 s).
 */
export const FAIR_SHARE_LIMITS: FairShareLimits = {
  running: 3,
  waiting: 12,
  waitMs: 10_000,
  statementTimeoutMs: 30_000,
};

/** Seconds a refused caller is told to wait (the Retry-After header of a 429). */
export const RETRY_AFTER_SECONDS = 5;

interface Waiter {
  grant: () => void;
}

interface Lane {
  running: number;
  queue: Waiter[];
}

/** A counting semaphore per key, with a bounded queue whose waiters give up after a while. */
export class FairShare {
  private readonly lanes = new Map<string, Lane>();

  constructor(readonly limits: FairShareLimits) {}

  /** Queries running and waiting for `key`, for tests and diagnostics. */
  load(key: string): { running: number; waiting: number } {
    const lane = this.lanes.get(key);
    return { running: lane?.running ?? 0, waiting: lane?.queue.length ?? 0 };
  }

  /** Runs `task` once `key` has a free slot; refuses with TOO_MANY_REQUESTS otherwise. */
  async run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(key, signal);
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  private acquire(key: string, signal?: AbortSignal): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, queue: [] };
      this.lanes.set(key, lane);
    }
    if (lane.running < this.limits.running) {
      lane.running++;
      return Promise.resolve();
    }
    if (lane.queue.length >= this.limits.waiting) {
      return Promise.reject(this.refusal(lane));
    }
    const current = lane;
    return new Promise<void>((resolve, reject) => {
      const leave = (error: unknown) => {
        const at = current.queue.indexOf(waiter);
        if (at >= 0) current.queue.splice(at, 1);
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.forgetIfIdle(key, current);
        reject(error);
      };
      const onAbort = () => leave(new TRPCError({ code: "CLIENT_CLOSED_REQUEST" }));
      const timer = setTimeout(() => leave(this.refusal(current)), this.limits.waitMs);
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      current.queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private release(key: string): void {
    const lane = this.lanes.get(key);
    if (!lane) return;
    const next = lane.queue.shift();
    // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
    if (next) next.grant();
    else lane.running--;
    this.forgetIfIdle(key, lane);
  }

  private forgetIfIdle(key: string, lane: Lane): void {
    if (lane.running === 0 && lane.queue.length === 0 && this.lanes.get(key) === lane) {
      this.lanes.delete(key);
    }
  }

  private refusal(lane: Lane): TRPCError {
    return new CodedTRPCError({
      code: "TOO_MANY_REQUESTS",
      message: coded("tooManyQueries", {
        running: lane.running,
        waiting: lane.queue.length,
        seconds: RETRY_AFTER_SECONDS,
      }),
    });
  }
}

/** SQLSTATE 57014: PostgreSQL cancelled the statement (here: the statement timeout). */
function isQueryCancelled(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 8; depth++) {
    if ((e as { code?: unknown }).code === "57014") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** What the fair share needs from the context: the database, and who is asking. */
interface FairShareContext {
  db: Database;
  user: { id: number } | null;
  /** Rebound to the timed transaction, so that the metrics read PostgreSQL through it. */
  metrics: Metrics;
}

/**
 * The process-wide fair share. Per process: with several web servers each gives a user the
 * same bound, which still caps what one user can take from each.
 */
export const fairShare = new FairShare(FAIR_SHARE_LIMITS);

const t = initTRPC.context<FairShareContext>().create();

/**
 * The middleware, as a procedure builder to `.concat()` after authorisation. It keys the
 * bound on the signed-in user, or for share links (no session) on the link's token, and
 * gives the procedure a `db` whose statements time out.
 */
export function fairShareProcedure(share: FairShare = fairShare) {
  return t.procedure.use(async ({ ctx, next, getRawInput, signal }) => {
    const key = ctx.user ? `user:${ctx.user.id}` : `link:${tokenOf(await getRawInput())}`;
    const timeoutMs = share.limits.statementTimeoutMs;
    try {
      return await share.run(
        key,
        () =>
          // On ClickHouse the figures are computed there and PostgreSQL only answers a few small
          // reads (catalogue, view): a timed transaction would hold one of the pool's
          // connections, which ingestion needs, for as long as ClickHouse takes.
          ctx.metrics.engine === "clickhouse"
            ? next()
            : withStatementTimeout(ctx.db, timeoutMs, async (db) => {
                const result = await next({ ctx: { db, metrics: ctx.metrics.withDatabase(db) } });
                // Thrown, so that the transaction rolls back rather than committing after a failure.
                if (!result.ok) throw result.error;
                return result;
              }),
        signal,
      );
    } catch (error) {
      if (error instanceof TRPCError && isQueryCancelled(error.cause)) {
        throw new CodedTRPCError({
          code: "SERVICE_UNAVAILABLE",
          message: coded("queryTooLong", { seconds: timeoutMs / 1000 }),
          cause: error.cause,
        });
      }
      throw error;
    }
  });
}

function tokenOf(input: unknown): string {
  const token =
    input !== null && typeof input === "object" ? (input as { token?: unknown }).token : undefined;
  return typeof token === "string" ? token.slice(0, 100) : "";
}
