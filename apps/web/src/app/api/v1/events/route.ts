import { handleEvents } from "@parcours/api/http";
import { ingestDeps } from "~/server/ingest";

export const dynamic = "force-dynamic";

/** The native batch API: see docs/ingestion.md. */
export async function POST(request: Request): Promise<Response> {
  return handleEvents(request, ingestDeps());
}
