import { type Database, getDatabase } from "@parcours/db";
import {
  type Catalogue,
  CatalogueError,
  getCatalogue,
  UnknownKeyError,
} from "@parcours/db/queries";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";

export interface CreateContextOptions {
  headers: Headers;
  /** Tests pass their own database; the app uses the process-wide one. */
  db?: Database;
}

export async function createTRPCContext(opts: CreateContextOptions) {
  const db = opts.db ?? (await getDatabase()).db;
  let catalogue: Promise<Catalogue> | undefined;
  return {
    db,
    headers: opts.headers,
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

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: {
      ...shape.data,
      // Field by field, so that forms can put each message next to its input.
      zodError:
        error.code === "BAD_REQUEST" && error.cause instanceof ZodError
          ? z.flattenError(error.cause)
          : null,
    },
  }),
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

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
  if (cause instanceof CatalogueError) {
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(clientErrors);

/**
 * Every dashboard read goes through here, so that access rules (roles, share links) are
 * added in one place.
 */
export const readProcedure = publicProcedure;
