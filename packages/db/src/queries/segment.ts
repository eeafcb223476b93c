import { coded, ZEventInputSchema } from "@parcours/validators";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { EventIngestor } from "../ingest";
import { DEFAULT_SEGMENT_MAPPINGS, type SegmentMapping, segmentToEvent } from "../ingest/segment";
import { segmentMappings, segmentUnmapped, touchpoints } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { DomainError } from "./errors";

export interface SegmentMappingRow extends SegmentMapping {
  eventName: string;
  source: "default" | "custom";
}

/** Defaults, overridden and extended by the admins' mappings. */
export async function getSegmentMappings(db: Database): Promise<Map<string, SegmentMapping>> {
  const custom = await db
    .select({
      eventName: segmentMappings.eventName,
      touchpoint: segmentMappings.touchpointKey,
      type: segmentMappings.type,
    })
    .from(segmentMappings);
  const map = new Map<string, SegmentMapping>(Object.entries(DEFAULT_SEGMENT_MAPPINGS));
  for (const row of custom) map.set(row.eventName, { touchpoint: row.touchpoint, type: row.type });
  return map;
}

export async function listSegmentMappings(db: Database): Promise<SegmentMappingRow[]> {
  const custom = await db.select().from(segmentMappings).orderBy(asc(segmentMappings.eventName));
  const customNames = new Set(custom.map((c) => c.eventName));
  return [
    ...custom.map((c) => ({
      eventName: c.eventName,
      touchpoint: c.touchpointKey,
      type: c.type,
      source: "custom" as const,
    })),
    ...Object.entries(DEFAULT_SEGMENT_MAPPINGS)
      .filter(([name]) => !customNames.has(name))
      .map(([eventName, m]) => ({ eventName, ...m, source: "default" as const })),
  ].sort((a, b) => a.eventName.localeCompare(b.eventName));
}

/** Keeps messages whose name has no mapping; a message kept twice (same id) is kept once. */
export async function keepUnmappedSegmentMessages(
  db: Database,
  messages: { messageId: string; eventName: string; payload: Record<string, unknown> }[],
): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = await db
    .insert(segmentUnmapped)
    .values(messages)
    .onConflictDoNothing()
    .returning({ id: segmentUnmapped.messageId });
  return rows.length;
}

export async function listUnmappedSegmentEvents(db: Database): Promise<
  {
    eventName: string;
    count: number;
    firstSeen: Date;
    lastSeen: Date;
    sample: Record<string, unknown>;
  }[]
> {
  const rows = await queryRows<{
    event_name: string;
    count: number;
    first_seen: string;
    last_seen: string;
    sample: Record<string, unknown>;
  }>(
    db,
    sql`SELECT event_name, count(*)::int AS count, min(received_at) AS first_seen, max(received_at) AS last_seen,
          (array_agg(payload ORDER BY received_at DESC))[1] AS sample
        FROM segment_unmapped GROUP BY event_name ORDER BY count(*) DESC, event_name`,
  );
  return rows.map((r) => ({
    eventName: r.event_name,
    count: r.count,
    firstSeen: new Date(r.first_seen),
    lastSeen: new Date(r.last_seen),
    sample: r.sample,
  }));
}

/**
 * Maps an event name (overriding a default), then stores the messages kept under that name as
 * events and drops them from the kept list. Returns how many were stored and rejected.
 */
export async function setSegmentMapping(
  db: Database,
  actor: Actor,
  input: { eventName: string; touchpoint: string; type: string },
): Promise<{ stored: number; rejected: number }> {
  const [tp] = await db
    .select({ id: touchpoints.id })
    .from(touchpoints)
    .where(eq(touchpoints.key, input.touchpoint));
  if (!tp)
    throw new DomainError(
      "not_found",
      coded("notFound", { what: "touchpoint", by: "key", key: input.touchpoint }),
    );
  const before = (await getSegmentMappings(db)).get(input.eventName) ?? null;
  await db
    .insert(segmentMappings)
    .values({ eventName: input.eventName, touchpointKey: input.touchpoint, type: input.type })
    .onConflictDoUpdate({
      target: segmentMappings.eventName,
      set: { touchpointKey: input.touchpoint, type: input.type, updatedAt: new Date() },
    });
  await recordAudit(db, actor, {
    action: "segment.mapping",
    entityType: "segment_mapping",
    entityId: input.eventName,
    message: coded("auditSegmentMap", {
      event: input.eventName,
      touchpoint: input.touchpoint,
      type: input.type,
    }),
    before,
    after: { touchpoint: input.touchpoint, type: input.type },
  });
  return replayUnmapped(db, input.eventName, { touchpoint: input.touchpoint, type: input.type });
}

/** Back to the default mapping, or to unmapped for a name without one. */
export async function deleteSegmentMapping(
  db: Database,
  actor: Actor,
  eventName: string,
): Promise<void> {
  const deleted = await db
    .delete(segmentMappings)
    .where(eq(segmentMappings.eventName, eventName))
    .returning({ touchpoint: segmentMappings.touchpointKey, type: segmentMappings.type });
  if (deleted.length === 0)
    throw new DomainError("not_found", coded("mappingNotFound", { event: eventName }));
  await recordAudit(db, actor, {
    action: "segment.unmap",
    entityType: "segment_mapping",
    entityId: eventName,
    message: coded("auditSegmentUnmap", { event: eventName }),
    before: deleted[0],
  });
}

async function replayUnmapped(
  db: Database,
  eventName: string,
  mapping: SegmentMapping,
): Promise<{ stored: number; rejected: number }> {
  const kept = await db
    .select()
    .from(segmentUnmapped)
    .where(eq(segmentUnmapped.eventName, eventName));
  if (kept.length === 0) return { stored: 0, rejected: 0 };
  const events = [];
  const ids: string[] = [];
  let rejected = 0;
  for (const row of kept) {
    const parsed = ZEventInputSchema.safeParse(
      segmentToEvent(row.payload, mapping, row.receivedAt),
    );
    if (parsed.success) {
      events.push(parsed.data);
      ids.push(row.messageId);
    } else rejected++;
  }
  const result = events.length > 0 ? await new EventIngestor(db).ingest(events) : null;
  rejected += result?.rejected.length ?? 0;
  const failed = new Set((result?.rejected ?? []).map((r) => ids[r.index]));
  const done = ids.filter((id) => !failed.has(id));
  // Stored (or already there) messages leave the kept list; the others stay for another try.
  if (done.length > 0)
    await db.delete(segmentUnmapped).where(inArray(segmentUnmapped.messageId, done));
  return { stored: (result?.accepted ?? 0) + (result?.duplicates ?? 0), rejected };
}
