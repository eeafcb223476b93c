import { coded } from "@parcours/validators";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { apiKeys, ingestionSettings } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { DomainError } from "./errors";
import { newSecret, secretHash } from "./secrets";

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** `pk_` + 43 base64url characters (256 random bits). */
const KEY_PATTERN = /^pk_[A-Za-z0-9_-]{43}$/;

export async function listApiKeys(db: Database): Promise<ApiKeyRow[]> {
  return db.select(columns).from(apiKeys).orderBy(desc(apiKeys.id));
}

/** Creates a key; the returned `key` is the only time it exists in clear. */
export async function createApiKey(
  db: Database,
  actor: Actor,
  name: string,
): Promise<{ apiKey: ApiKeyRow; key: string }> {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) {
    throw new DomainError("invalid", coded("keyNameLength"));
  }
  const key = `pk_${newSecret()}`;
  return db.transaction(async (tx) => {
    const [apiKey] = await tx
      .insert(apiKeys)
      .values({
        name: trimmed,
        prefix: key.slice(0, 10),
        keyHash: secretHash(key),
        createdById: actor.id,
      })
      .returning(columns);
    if (!apiKey) throw new Error("insert returned no row");
    await recordAudit(tx, actor, {
      action: "api_key.create",
      entityType: "api_key",
      entityId: apiKey.id,
      message: coded("auditKeyCreate", { name: trimmed, prefix: apiKey.prefix }),
      after: { name: trimmed, prefix: apiKey.prefix },
    });
    return { apiKey, key };
  });
}

export async function revokeApiKey(db: Database, actor: Actor, id: number): Promise<ApiKeyRow> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select(columns).from(apiKeys).where(eq(apiKeys.id, id));
    if (!before)
      throw new DomainError("not_found", coded("notFound", { what: "key", by: "id", key: id }));
    if (before.revokedAt) return before;
    const [after] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(eq(apiKeys.id, id))
      .returning(columns);
    if (!after)
      throw new DomainError("not_found", coded("notFound", { what: "key", by: "id", key: id }));
    await recordAudit(tx, actor, {
      action: "api_key.revoke",
      entityType: "api_key",
      entityId: id,
      message: coded("auditKeyRevoke", { name: before.name, prefix: before.prefix }),
      before: { name: before.name, revoked: false },
      after: { name: before.name, revoked: true },
    });
    return after;
  });
}

/**
 * The key's row when it is valid and not revoked, else null. Marks it used, at most once a
 * minute, so that a busy sender does not turn every request into a write.
 */
export async function verifyApiKey(db: Database, key: string): Promise<ApiKeyRow | null> {
  if (!KEY_PATTERN.test(key)) return null;
  const now = new Date();
  const [row] = await db
    .select(columns)
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, secretHash(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - 60_000))),
        ),
      );
  }
  return row;
}

export interface IngestionSettings {
  autoCreateTouchpoints: boolean;
}

export async function getIngestionSettings(db: Database): Promise<IngestionSettings> {
  const [row] = await db
    .select({ autoCreateTouchpoints: ingestionSettings.autoCreateTouchpoints })
    .from(ingestionSettings);
  return { autoCreateTouchpoints: row?.autoCreateTouchpoints ?? false };
}

export async function setIngestionSettings(
  db: Database,
  actor: Actor,
  settings: IngestionSettings,
): Promise<IngestionSettings> {
  return db.transaction(async (tx) => {
    const before = await getIngestionSettings(tx);
    await tx
      .insert(ingestionSettings)
      .values({ id: 1, ...settings })
      .onConflictDoUpdate({
        target: ingestionSettings.id,
        set: { ...settings, updatedAt: sql`now()` },
      });
    await recordAudit(tx, actor, {
      action: "ingestion.settings",
      entityType: "ingestion",
      entityId: 1,
      message: coded("auditIngestionSettings", {
        create: settings.autoCreateTouchpoints ? "yes" : "no",
      }),
      before,
      after: settings,
    });
    return settings;
  });
}
