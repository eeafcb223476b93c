import { createTRPCContext, handleTRPCRequest } from "@parcours/api";
import { getCurrentUser } from "~/server/auth";

// Every answer depends on the database: never prerender or cache this route.
export const dynamic = "force-dynamic";

/** Batch and body limits, Retry-After and error logging live in handleTRPCRequest. */
function handler(req: Request): Promise<Response> {
  return handleTRPCRequest({
    req,
    createContext: async () =>
      createTRPCContext({ headers: req.headers, user: await getCurrentUser() }),
  });
}

export { handler as GET, handler as POST };
