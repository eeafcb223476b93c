import { hasRole, type Role } from "@parcours/auth";
import { type Database, getDatabase, isDatabaseUnavailable } from "@parcours/db";
import { ClickHouseUnavailableError } from "@parcours/db/analytics/clickhouse";
import { getMetricEngine, type MetricEngine } from "@parcours/db/metrics/engine";
import {
  type Actor,
  type Catalogue,
  CatalogueError,
  DomainError,
  getCatalogue,
  getPrivacySettings,
  UnknownKeyError,
  type UserRow,
} from "@parcours/db/queries";
import {
  coded,
  formatMessage,
  issueMessage,
  MAX_TRPC_BATCH_SIZE,
  type TCodedMessage,
} from "@parcours/validators";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { CodedTRPCError } from "./coded-error";
import { fairShareProcedure } from "./fair-share";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "./http/responses";
import { internalErrorCoded, internalErrorMessage, reportInternalError } from "./internal-errors";
import { metricCacheProcedure } from "./metric-cache";

export interface CreateContextOptions {
  headers: Headers;
  /** Tests pass their own database; the app uses the process-wide one. */
  db?: Database;
  /** Tests pass the metric engine to run on; the app uses the process's (CLICKHOUSE_URL). */
  metrics?: MetricEngine;
  /** The signed-in user, already checked against the database (enabled, same session version). */
  user?: Pick<UserRow, "id" | "email" | "name" | "role"> | null;
}

export async function createTRPCContext(opts: CreateContextOptions) {
  const db = opts.db ?? (await getDatabase()).db;
  let catalogue: Promise<Catalogue> | undefined;
  return {
    db,
    /** The figures, from the process's engine (PostgreSQL, or ClickHouse with CLICKHOUSE_URL). */
    metrics: (opts.metrics ?? getMetricEngine()).on(db),
    headers: opts.headers,
    user: opts.user ?? null,
    /**
     * The catalogue, read once per request: a batch of dashboard queries shares one read (and
     * one snapshot) instead of each resolving its keys again.
     */
    catalogue: () => {
      catalogue ??= getCatalogue(db);
      return catalogue;
    },
  };
}

export type TRPCContext = Awaited<ReturnType<typeof createTRPCContext>>;

/** Every procedure states who may call it; the authorisation middleware refuses one that does not. */
export interface ProcedureMeta {
  /** `public`: no session needed (share links, which check their token themselves). */
  access: Role | "public";
}

/** tRPC's refusal of a batch over `maxBatchSize` (trpc-handler.ts), which names no limit. */
const TRPC_BATCH_TOO_LARGE = "Batch call exceeds maximum size";
export const BATCH_TOO_LARGE_MESSAGE = `a request batches at most ${MAX_TRPC_BATCH_SIZE} calls; send the others in another request`;

const t = initTRPC
  .context<TRPCContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter: ({ shape, error, path }) => {
      // Our failures reach the client as a reference to the server's log, never as their text
      // (a database error's message holds the SQL) nor a stack.
      const { stack: _stack, ...data } = shape.data;
      const reference =
        error.code === "INTERNAL_SERVER_ERROR" ? reportInternalError(error, path) : null;
      return {
        ...shape,
        message:
          reference !== null
            ? internalErrorMessage(reference)
            : error.message === TRPC_BATCH_TOO_LARGE
              ? BATCH_TOO_LARGE_MESSAGE
              : shape.message,
        data: {
          ...data,
          // Field by field, so that forms can put each message next to its input.
          zodError:
            error.code === "BAD_REQUEST" && error.cause instanceof ZodError
              ? z.flattenError(error.cause)
              : null,
          ...(reference !== null
            ? { coded: internalErrorCoded(reference), issues: null }
            : codedError(error)),
        },
      };
    },
  });

/**
 * The error's words by code (the message catalogue in @parcours/validators), so the web shows
 * them in the reader's language: `issues` for invalid input, field by field, and `coded` for a
 * refusal given by code. The English `message` stays for API clients.
 */
function codedError(error: TRPCError): {
  coded: TCodedMessage | null;
  issues: { path: (string | number)[]; message: TCodedMessage }[] | null;
} {
  const cause = error.cause;
  if (error.code === "BAD_REQUEST" && cause instanceof ZodError) {
    return {
      coded: null,
      issues: cause.issues.map((issue) => ({
        path: issue.path.map((part) => (typeof part === "number" ? part : String(part))),
        message: issueMessage(issue),
      })),
    };
  }
  if (error instanceof CodedTRPCError) return { coded: error.coded, issues: null };
  if (cause instanceof UnknownKeyError || cause instanceof CatalogueError) {
    return { coded: cause.coded, issues: null };
  }
  if (cause instanceof DomainError) {
    const [only, ...more] = cause.problems;
    if (only && more.length === 0) return { coded: only, issues: null };
    // Several problems found together: each by code, as invalid input's are.
    return { coded: null, issues: cause.problems.map((message) => ({ path: [], message })) };
  }
  return { coded: null, issues: null };
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const ANALYTICS_UNAVAILABLE = coded("analyticsUnavailable", {
  seconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
});
const DATABASE_UNAVAILABLE = coded("databaseUnavailable", {
  seconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
});
export const ANALYTICS_UNAVAILABLE_MESSAGE = formatMessage("en", ANALYTICS_UNAVAILABLE);
export const DATABASE_UNAVAILABLE_MESSAGE = formatMessage("en", DATABASE_UNAVAILABLE);

/** `filter.to: from must be before to; steps: a funnel needs at least 2 steps` */
function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/**
 * Turns errors about the request into client errors with a readable message: invalid input
 * (zod's own message is a JSON dump), and the data layer's unknown keys and impossible
 * parameters. A client's mistake is never a 500.
 */
const clientErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof ZodError && result.error.code === "BAD_REQUEST") {
    throw new TRPCError({ code: "BAD_REQUEST", message: describeZodError(cause), cause });
  }
  if (cause instanceof UnknownKeyError || cause instanceof RangeError) {
    throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  }
  if (cause instanceof DomainError) {
    const code = (
      {
        not_found: "NOT_FOUND",
        conflict: "CONFLICT",
        invalid: "BAD_REQUEST",
        precondition: "PRECONDITION_FAILED",
      } as const
    )[cause.kind];
    throw new TRPCError({ code, message: cause.message, cause });
  }
  if (cause instanceof CatalogueError) {
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: cause.message, cause });
  }
  // An outage is nobody's mistake and passes: a 503 that says which database and when to try
  // again (with Retry-After over HTTP), never a 500 nor the driver's text. Same classification
  // as ingestion's (packages/db database-errors.ts).
  if (result.error.code !== "INTERNAL_SERVER_ERROR") return result;
  if (cause instanceof ClickHouseUnavailableError) {
    console.warn(`[trpc] ${cause.message}`);
    throw new CodedTRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: ANALYTICS_UNAVAILABLE,
      cause,
    });
  }
  if (isDatabaseUnavailable(cause)) {
    throw new CodedTRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE, cause });
  }
  return result;
});

/**
 * Sign-in first, then the role: anonymous callers get UNAUTHORIZED whatever their input, and
 * signed-in users without the role FORBIDDEN. A procedure without an access rule is refused
 * (fail closed), and the router tests list every procedure against every role.
 */
const authorise = t.middleware(({ ctx, meta, next }) => {
  if (!meta?.access) {
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "procedure without access rule",
    });
  }
  if (meta.access === "public") {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "public procedures skip this" });
  }
  if (!ctx.user) throw new CodedTRPCError({ code: "UNAUTHORIZED", message: coded("signIn") });
  if (!hasRole(ctx.user.role, meta.access)) {
    throw new CodedTRPCError({
      code: "FORBIDDEN",
      message: coded("needsRole", { role: meta.access }),
    });
  }
  const actor: Actor = { id: ctx.user.id, email: ctx.user.email };
  return next({ ctx: { user: ctx.user, actor } });
});

/**
 * Customer lists and timelines are personal data: managers and admins see them, viewers only
 * while an admin allows it (privacy settings). The procedure declares `manager`, the rule with
 * the setting off (its default); a viewer is let through only after reading the setting.
 */
const CUSTOMER_DATA_FORBIDDEN = coded("customerDataForbidden");
export const CUSTOMER_DATA_FORBIDDEN_MESSAGE = formatMessage("en", CUSTOMER_DATA_FORBIDDEN);

const authoriseCustomerData = t.middleware(async ({ ctx, next }) => {
  if (!ctx.user) throw new CodedTRPCError({ code: "UNAUTHORIZED", message: coded("signIn") });
  const allowed =
    hasRole(ctx.user.role, "manager") || (await getPrivacySettings(ctx.db)).viewersSeeCustomers;
  if (!allowed) throw new CodedTRPCError({ code: "FORBIDDEN", message: CUSTOMER_DATA_FORBIDDEN });
  const actor: Actor = { id: ctx.user.id, email: ctx.user.email };
  return next({ ctx: { user: ctx.user, actor } });
});

/**
 * Our own failures are logged here with a reference and replaced by an error that carries only
 * the reference: server-side callers (React Server Components hand query errors to the
 * browser) get the same redacted error as HTTP clients.
 */
const hideInternals = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (result.ok || result.error.code !== "INTERNAL_SERVER_ERROR") return result;
  const reference = reportInternalError(result.error, path);
  const redacted = new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: internalErrorMessage(reference),
  });
  reportInternalError(redacted, path, reference);
  throw redacted;
});

const base = t.procedure.use(hideInternals).use(clientErrors);

/**
 * No session: for share links only, whose procedures take the token as input and reach the
 * token's view alone.
 */
export const publicProcedure = base.meta({ access: "public" });

/** Read dashboards and shared views, comment. */
export const viewerProcedure = base.meta({ access: "viewer" }).use(authorise);
/** Save views, annotate. */
export const managerProcedure = base.meta({ access: "manager" }).use(authorise);
/** The admin area: users, personas, catalogue, audit log. */
export const adminProcedure = base.meta({ access: "admin" }).use(authorise);

/**
 * The read-only metrics (dashboard, funnels, journey maps): viewers, within their fair share
 * of the database (a few queries at a time per user, each statement under a time limit).
 */
export const metricProcedure = viewerProcedure.concat(fairShareProcedure());
/**
 * Metrics whose answer depends on the input and the data alone (dashboard, funnels): answered
 * from the metric cache while the data is unchanged, before the fair share, so that an answer
 * already computed costs no slot. Not for anything that depends on who asks (journey maps
 * check the view's visibility).
 */
export const cachedMetricProcedure = viewerProcedure
  .concat(metricCacheProcedure())
  .concat(fairShareProcedure());
/** Customer lists and timelines: managers and admins, and viewers when an admin allows it. */
export const customerDataProcedure = base.meta({ access: "manager" }).use(authoriseCustomerData);
/** The drill-down lists: cached and within the fair share, like the figures they open. */
export const customerMetricProcedure = customerDataProcedure
  .concat(metricCacheProcedure())
  .concat(fairShareProcedure());
/** A share link's metrics: no session, the fair share keyed on the link's token. */
export const sharedMetricProcedure = publicProcedure.concat(fairShareProcedure());
