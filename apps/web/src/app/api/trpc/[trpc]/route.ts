import { appRouter, createTRPCContext } from "@parcours/api";
import { crossSiteRefusal } from "@parcours/api/http";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getCurrentUser } from "~/server/auth";

// Every answer depends on the database: never prerender or cache this route.
export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  // Mutations come as JSON POSTs from the app's pages. tRPC alone would also take a multipart
  // body, which a same-site form can send with the session cookie.
  if (req.method !== "GET") {
    const refused = crossSiteRefusal(req, { json: true });
    if (refused) return refused;
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    createContext: async () =>
      createTRPCContext({ headers: req.headers, user: await getCurrentUser() }),
    onError({ error, path, type }) {
      // Client mistakes (bad input, unknown keys) are the caller's; log what is ours to fix.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(`[trpc] ${type} ${path ?? "<no path>"} failed:`, error.cause ?? error);
      }
    },
  });
}

export { handler as GET, handler as POST };
