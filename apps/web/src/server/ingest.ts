import "server-only";

import { defaultLimiter, type IngestDeps, type RateLimiter } from "@parcours/api/http";
import { getDatabase } from "@parcours/db";

const g = globalThis as typeof globalThis & { parcoursIngestLimiter?: RateLimiter };

/** The database and the per-key rate limiter, shared by every ingestion request of the process. */
export async function ingestDeps(): Promise<IngestDeps> {
  g.parcoursIngestLimiter ??= defaultLimiter();
  return { db: (await getDatabase()).db, limiter: g.parcoursIngestLimiter };
}
