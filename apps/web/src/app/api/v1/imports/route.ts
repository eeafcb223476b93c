import { crossSiteRefusal, handleUpload, jsonError, respond } from "@parcours/api/http";
import { getDatabase } from "@parcours/db";
import { getCurrentUser } from "~/server/auth";

export const dynamic = "force-dynamic";

/**
 * File uploads from the admin area: signed-in admins only (the session cookie, not a key), from
 * the app's own upload form only (the cookie also rides on same-site forms).
 */
export async function POST(request: Request): Promise<Response> {
  const refused = crossSiteRefusal(request, { appHeader: true });
  if (refused) return refused;
  // Reading the session needs the database: when it is down, a 503 with Retry-After.
  return respond(async () => {
    const user = await getCurrentUser();
    if (!user) return jsonError(401, "unauthorized", "sign in to upload files");
    if (user.role !== "admin")
      return jsonError(403, "forbidden", "uploading files needs the admin role");
    return handleUpload(request, {
      db: (await getDatabase()).db,
      actor: { id: user.id, email: user.email },
    });
  });
}
