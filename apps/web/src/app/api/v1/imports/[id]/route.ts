import { handleImportStatus, jsonError } from "@parcours/api/http";
import { getCurrentUser } from "~/server/auth";

export const dynamic = "force-dynamic";

/** An upload's import: progress, then the summary. Admins only, like the upload. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return jsonError(401, "unauthorized", "sign in to follow imports");
  if (user.role !== "admin") return jsonError(403, "forbidden", "imports need the admin role");
  return handleImportStatus((await params).id);
}
