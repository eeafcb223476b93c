import { classifyDatabaseError, type Database, rejectionMessage } from "@parcours/db";
import { EventIngestor } from "@parcours/db/ingest";
import {
  changingData,
  getIngestionSettings,
  getSegmentMappings,
  keepUnmappedSegmentMessages,
  upsertCustomers,
} from "@parcours/db/queries";
import { segmentCustomerId, segmentEventName, segmentToEvent } from "@parcours/db/segment";
import {
  describeIssues,
  describeJsonProblems,
  jsonProblems,
  MAX_JSON_DEPTH,
  type TEvent,
  ZAttributesSchema,
  ZEventInputSchema,
} from "@parcours/validators";
import { readJsonBody } from "./body";
import type { IngestDeps, Rejection } from "./ingest";
import { authoriseKey, writeKey } from "./key-auth";
import { json, refuse, respond } from "./responses";

/** Segment's own limits: 500 KB a batch, 32 KB a message. */
export const SEGMENT_MAX_BATCH_BYTES = 500 * 1024;
export const SEGMENT_MAX_MESSAGE_BYTES = 32 * 1024;

export const SEGMENT_KINDS = ["batch", "track", "identify", "page", "screen"] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

const IGNORED_TYPES = new Set(["alias", "group"]);

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

interface Identified {
  index: number;
  externalId: string;
  attributes: Record<string, unknown>;
}

/**
 * Identify traits merged into their customers, inside the batch's transaction. When the
 * database refuses some message's values, each is tried alone (upsertCustomers runs in a
 * savepoint there) so that only that message is rejected; any other error stops the batch.
 */
async function storeIdentified(
  db: Database,
  identified: Identified[],
): Promise<{ accepted: number; rejected: Rejection[] }> {
  if (identified.length === 0) return { accepted: 0, rejected: [] };
  try {
    await upsertCustomers(db, identified);
    return { accepted: identified.length, rejected: [] };
  } catch (error) {
    if (classifyDatabaseError(error) !== "data") throw error;
  }
  const rejected: Rejection[] = [];
  for (const message of identified) {
    try {
      await upsertCustomers(db, [message]);
    } catch (error) {
      if (classifyDatabaseError(error) !== "data") throw error;
      rejected.push({ index: message.index, errors: [rejectionMessage(error)] });
    }
  }
  return { accepted: identified.length - rejected.length, rejected };
}

/**
 * `POST /api/segment/v1/{batch,track,identify,page,screen}`, as Segment's HTTP Tracking API: the
 * write key as the Basic-auth user name (or `writeKey` in the body), `messageId` the idempotency
 * key. Track/page/screen become events through the name mapping; names without one are kept for
 * an admin to map; identify traits become customer attributes; alias and group are accepted and
 * ignored. The batch is stored in one transaction, so its answer holds for every message: a 503
 * or 500 means none was stored, a 200 lists the few the database refused for their own values.
 */
export function handleSegment(
  kind: SegmentKind,
  request: Request,
  ingestDeps: IngestDeps | Promise<IngestDeps>,
): Promise<Response> {
  return respond(async () => {
    const deps = await ingestDeps;
    const headerKey = writeKey(request);
    if (headerKey) await authoriseKey(deps.db, headerKey, deps.limiter);
    const body = record(await readJsonBody(request, SEGMENT_MAX_BATCH_BYTES, "segment"));
    if (!body) refuse(400, "invalid_body", "the body must be a JSON object");
    if (!headerKey) {
      const bodyKey = typeof body.writeKey === "string" ? body.writeKey : null;
      await authoriseKey(deps.db, bodyKey, deps.limiter);
    }
    let messages: unknown[];
    if (kind === "batch") {
      if (!Array.isArray(body.batch)) refuse(400, "invalid_body", 'a batch needs a "batch" array');
      messages = body.batch;
    } else {
      messages = [{ ...body, type: kind }];
    }

    const receivedAt = new Date();
    const mappings = await getSegmentMappings(deps.db);
    const rejected: Rejection[] = [];
    const events: TEvent[] = [];
    const indexes: number[] = [];
    const identified: Identified[] = [];
    const unmapped: { messageId: string; eventName: string; payload: Record<string, unknown> }[] =
      [];
    let ignored = 0;

    for (const [index, raw] of messages.entries()) {
      const message = record(raw);
      if (!message) {
        rejected.push({ index, errors: ["a message must be a JSON object"] });
        continue;
      }
      // The whole message may be stored (kept unmapped), so all of it must be storable: no NUL,
      // no number that overflowed to Infinity; properties and traits sit two levels down.
      const problems = jsonProblems(message, MAX_JSON_DEPTH + 2);
      if (problems.length > 0) {
        rejected.push({ index, errors: describeJsonProblems(problems) });
        continue;
      }
      if (JSON.stringify(message).length > SEGMENT_MAX_MESSAGE_BYTES) {
        rejected.push({ index, errors: ["a message has at most 32 KB"] });
        continue;
      }
      const type = message.type;
      const messageId = typeof message.messageId === "string" ? message.messageId.trim() : "";
      const errors: string[] = [];
      if (!messageId) errors.push("messageId is required");
      else if (messageId.length > 200) errors.push("messageId is longer than 200 characters");
      for (const field of ["userId", "anonymousId"] as const) {
        const id = message[field];
        // Past 2^53 a JSON number has lost digits already: two users would become one.
        if (typeof id === "number" && !Number.isSafeInteger(id)) {
          errors.push(`${field} is a number JSON cannot carry exactly; send it as text`);
        }
      }
      if (typeof type === "string" && IGNORED_TYPES.has(type)) {
        ignored++;
        continue;
      }
      if (type !== "track" && type !== "identify" && type !== "page" && type !== "screen") {
        errors.push(
          `type must be track, identify, page, screen, alias or group (got ${JSON.stringify(type ?? null)})`,
        );
      }
      const customer = segmentCustomerId(message);
      if (!customer) errors.push("userId or anonymousId is required");
      if (errors.length > 0 || !customer) {
        rejected.push({ index, errors });
        continue;
      }

      if (type === "identify") {
        const traits = ZAttributesSchema.safeParse(
          record(message.traits) ?? record(record(message.context)?.traits) ?? {},
        );
        if (!traits.success || customer.length > 200) {
          rejected.push({
            index,
            errors: [
              ...(customer.length > 200 ? ["userId is longer than 200 characters"] : []),
              ...(traits.error?.issues ?? []).map(
                (issue) => `${["traits", ...issue.path].join(".")} ${issue.message}`,
              ),
            ],
          });
          continue;
        }
        // Trimmed as an event's customerId is, so that identify and track name one customer.
        identified.push({ index, externalId: customer.trim(), attributes: traits.data });
        continue;
      }
      const name = segmentEventName(message);
      if (!name) {
        rejected.push({ index, errors: ["event is required for a track call"] });
        continue;
      }
      const mapping = mappings.get(name);
      if (!mapping) {
        unmapped.push({ messageId, eventName: name.slice(0, 200), payload: message });
        continue;
      }
      const parsed = ZEventInputSchema.safeParse(segmentToEvent(message, mapping, receivedAt));
      if (parsed.success) {
        events.push(parsed.data);
        indexes.push(index);
      } else {
        rejected.push({ index, errors: describeIssues(parsed.error) });
      }
    }

    const settings = await getIngestionSettings(deps.db);
    // The data version moves on once the transaction has committed (metric-cache.ts).
    const { traits, kept, result } = await changingData(deps.db, () =>
      deps.db.transaction(async (tx) => ({
        traits: await storeIdentified(tx, identified),
        kept: await keepUnmappedSegmentMessages(tx, unmapped),
        result:
          events.length > 0 ? await new EventIngestor(tx, settings).ingest(events, indexes) : null,
      })),
    );
    return json(200, {
      success: true,
      accepted: (result?.accepted ?? 0) + traits.accepted,
      duplicates: (result?.duplicates ?? 0) + (unmapped.length - kept),
      unmapped: kept,
      ignored,
      rejected: [...rejected, ...traits.rejected, ...(result?.rejected ?? [])].sort(
        (a, b) => a.index - b.index,
      ),
    });
  });
}
