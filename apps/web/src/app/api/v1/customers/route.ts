import { handleCustomers } from "@parcours/api/http";
import { ingestDeps } from "~/server/ingest";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return handleCustomers(request, ingestDeps());
}
