import type { Database } from "@parcours/db";
import { EventIngestor } from "@parcours/db/ingest";
import { getIngestionSettings, upsertCustomers } from "@parcours/db/queries";
import {
  describeIssues,
  MAX_BATCH_BYTES,
  MAX_BATCH_ITEMS,
  type TEvent,
  ZApiCustomerSchema,
  ZApiEventSchema,
} from "@parcours/validators";
import { readJsonBody } from "./body";
import { authoriseKey, bearerKey } from "./key-auth";
import { RateLimiter } from "./rate-limit";
import { json, refuse, respond } from "./responses";

/**
 * What the handlers need. They also take it as a promise, so that a database that cannot be
 * reached when it is first opened answers 503 like any other outage.
 */
export interface IngestDeps {
  db: Database;
  /** Shared by the requests of one process (the route handlers keep one). */
  limiter: RateLimiter;
}

/** 100 requests a second per key, bursts of 200: 50,000 events/s at 500 a batch. */
export function defaultLimiter(): RateLimiter {
  return new RateLimiter(100, 200);
}

export interface Rejection {
  index: number;
  errors: string[];
}

/** The `items` array of a batch body, or a 400/413 naming what is wrong. */
function batchItems(body: unknown, field: "events" | "customers"): unknown[] {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    refuse(400, "invalid_body", `the body must be a JSON object with an "${field}" array`);
  }
  const items = (body as Record<string, unknown>)[field];
  if (!Array.isArray(items)) {
    refuse(
      400,
      "invalid_body",
      `"${field}" must be an array (got ${items === undefined ? "nothing" : typeof items})`,
    );
  }
  if (items.length > MAX_BATCH_ITEMS) {
    refuse(
      413,
      "too_many_items",
      `${items.length} ${field} in one request; the limit is ${MAX_BATCH_ITEMS}`,
    );
  }
  return items;
}

/**
 * `POST /api/v1/events`: each event is checked on its own; the good ones are stored (idempotent
 * on eventId) and committed before the answer, the bad ones come back with their index.
 */
export function handleEvents(
  request: Request,
  ingestDeps: IngestDeps | Promise<IngestDeps>,
): Promise<Response> {
  return respond(async () => {
    const deps = await ingestDeps;
    await authoriseKey(deps.db, bearerKey(request), deps.limiter);
    const items = batchItems(await readJsonBody(request, MAX_BATCH_BYTES), "events");
    const rejected: Rejection[] = [];
    const valid: TEvent[] = [];
    const indexes: number[] = [];
    items.forEach((item, index) => {
      const parsed = ZApiEventSchema.safeParse(item);
      if (parsed.success) {
        valid.push(parsed.data);
        indexes.push(index);
      } else {
        rejected.push({ index, errors: describeIssues(parsed.error) });
      }
    });
    const settings = await getIngestionSettings(deps.db);
    const ingestor = new EventIngestor(deps.db, settings);
    const result = valid.length > 0 ? await ingestor.ingest(valid, indexes) : null;
    // The answer keeps its documented shape (docs/ingestion.md): an index and English reasons.
    const stored = (result?.rejected ?? []).map(({ index, errors }) => ({ index, errors }));
    const all = [...rejected, ...stored].sort((a, b) => a.index - b.index);
    return json(200, {
      accepted: result?.accepted ?? 0,
      duplicates: result?.duplicates ?? 0,
      rejected: all,
    });
  });
}

/**
 * `POST /api/v1/customers`: creates customers or merges their attributes, then applies the
 * persona rules to them.
 */
export function handleCustomers(
  request: Request,
  ingestDeps: IngestDeps | Promise<IngestDeps>,
): Promise<Response> {
  return respond(async () => {
    const deps = await ingestDeps;
    await authoriseKey(deps.db, bearerKey(request), deps.limiter);
    const items = batchItems(await readJsonBody(request, MAX_BATCH_BYTES), "customers");
    const rejected: Rejection[] = [];
    const rows: { externalId: string; attributes: Record<string, unknown> }[] = [];
    items.forEach((item, index) => {
      const parsed = ZApiCustomerSchema.safeParse(item);
      if (parsed.success)
        rows.push({ externalId: parsed.data.customerId, attributes: parsed.data.attributes });
      else rejected.push({ index, errors: describeIssues(parsed.error) });
    });
    const stored = await upsertCustomers(deps.db, rows);
    return json(200, { accepted: rows.length, ...stored, rejected });
  });
}
