import { formatMessage, type TCodedMessage } from "@parcours/validators";
import { and, desc, eq, gte, ilike, lt, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client";
import { auditLog } from "../schema";
import { containsPattern } from "./secrets";

/** Who made a change: a signed-in user, or the CLI (no user, a descriptive name). */
export interface Actor {
  id: number | null;
  email: string;
}

export const CLI_ACTOR: Actor = { id: null, email: "cli" };

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  /**
   * The change by code (@parcours/validators' messages): stored with its English as the
   * summary, and shown in the reader's language. Every entry has one.
   */
  message: TCodedMessage;
};

/** Writes one audit row; call it inside the transaction that makes the change. */
export async function recordAudit(db: Database, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: actor.id,
    actorEmail: actor.email,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    summary: formatMessage("en", entry.message),
    summaryMessage: entry.message,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export interface ListAuditParams {
  entityType?: string;
  actor?: string;
  /** Free text over the action, the summary and the entity id. */
  search?: string;
  from?: Date;
  to?: Date;
  /** Newest first; pass the last row's id to get the next page. */
  before?: number;
  limit?: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorEmail: string;
  action: string;
  entityType: string;
  entityId: string;
  summary: string;
  /** The summary by code, for the reader's language; null on older rows and uncoded changes. */
  summaryMessage: TCodedMessage | null;
  before: unknown;
  after: unknown;
}

export async function listAudit(
  db: Database,
  params: ListAuditParams = {},
): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  const limit = Math.min(Math.max(params.limit ?? 50, 1), 200);
  const where: SQL[] = [];
  if (params.entityType) where.push(eq(auditLog.entityType, params.entityType));
  if (params.actor) where.push(ilike(auditLog.actorEmail, containsPattern(params.actor)));
  if (params.search) {
    const pattern = containsPattern(params.search);
    const match = or(
      ilike(auditLog.action, pattern),
      ilike(auditLog.summary, pattern),
      ilike(auditLog.entityId, pattern),
    );
    if (match) where.push(match);
  }
  if (params.from) where.push(gte(auditLog.at, params.from));
  if (params.to) where.push(lt(auditLog.at, params.to));
  if (params.before !== undefined) where.push(lt(auditLog.id, params.before));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorEmail: auditLog.actorEmail,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      summary: auditLog.summary,
      summaryMessage: auditLog.summaryMessage,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .where(where.length > 0 ? and(...where) : sql`true`)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextBefore: rows.length > limit && last ? last.id : null };
}

/** The entity types present in the log, for the filter menu. */
export async function listAuditEntityTypes(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ entityType: auditLog.entityType })
    .from(auditLog)
    .orderBy(auditLog.entityType);
  return rows.map((r) => r.entityType);
}
