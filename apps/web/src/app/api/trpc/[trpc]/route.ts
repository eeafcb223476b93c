import { createTRPCContext, handleTRPCRequest } from "@parcours/api";
import { crossSiteRefusal } from "@parcours/api/http";
import { getCurrentUser } from "~/server/auth";

// Every answer depends on the database: never prerender or cache this route.
export const dynamic = "force-dynamic";

/** Batch and body limits, Retry-After and error logging live in handleTRPCRequest. */
async function handler(req: Request): Promise<Response> {
  // Mutations come as JSON POSTs from the app's pages. tRPC alone would also take a multipart
  // body, which a same-site form can send with the session cookie.
  if (req.method !== "GET") {
    const refused = crossSiteRefusal(req, { json: true });
    if (refused) return refused;
  }
  return handleTRPCRequest({
    req,
    createContext: async () =>
      createTRPCContext({ headers: req.headers, user: await getCurrentUser() }),
  });
}

export { handler as GET, handler as POST };
