import { coded } from "@parcours/validators";
import { eq } from "drizzle-orm";
import type { Database } from "../client";
import { channels } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { advanceDataVersion } from "./data-version";
import { DomainError } from "./errors";

/** A new channel: events and touchpoints can name it from now on. */
export async function createChannel(
  db: Database,
  actor: Actor,
  input: { key: string; name: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(eq(channels.key, input.key));
    if (existing)
      throw new DomainError(
        "conflict",
        coded("alreadyExists", { what: "channel", key: input.key }),
      );
    await tx.insert(channels).values({ key: input.key, name: input.name });
    await recordAudit(tx, actor, {
      action: "channel.create",
      entityType: "channel",
      entityId: input.key,
      message: coded("auditChannelCreate", { name: input.name }),
      after: { name: input.name },
    });
  });
  await advanceDataVersion(db);
}

/** A channel's name is display only: no event moves. */
export async function renameChannel(
  db: Database,
  actor: Actor,
  input: { key: string; name: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(channels).where(eq(channels.key, input.key)).for("update");
    if (!row)
      throw new DomainError(
        "not_found",
        coded("notFound", { what: "channel", by: "key", key: input.key }),
      );
    if (row.name === input.name) return;
    await tx.update(channels).set({ name: input.name }).where(eq(channels.id, row.id));
    await recordAudit(tx, actor, {
      action: "channel.update",
      entityType: "channel",
      entityId: input.key,
      message: coded("auditChannelRename", { from: row.name, to: input.name }),
      before: { name: row.name },
      after: { name: input.name },
    });
  });
  await advanceDataVersion(db);
}
