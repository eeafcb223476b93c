import type { TTouchpointChange } from "@parcours/validators";
import { eq, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { channels, stages, touchpoints } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { DomainError } from "./errors";

export interface AdminCatalogue {
  stages: {
    key: string;
    name: string;
    goal: string;
    actions: string[];
    position: number;
    isConversion: boolean;
    events: number;
  }[];
  channels: { key: string; name: string }[];
  touchpoints: {
    key: string;
    name: string;
    channel: string;
    stage: string;
    events: number;
    /** Created by ingestion for an unknown key: waiting for an admin to name and place it. */
    autoCreated: boolean;
  }[];
}

export async function getCatalogueForAdmin(db: Database): Promise<AdminCatalogue> {
  const [stageRows, channelRows, touchpointRows] = await Promise.all([
    queryRows<{
      key: string;
      name: string;
      goal: string;
      actions: string[];
      position: number;
      is_conversion: boolean;
      events: number;
    }>(
      db,
      sql`SELECT s.key, s.name, s.goal, s.actions, s.position, s.is_conversion,
            (SELECT count(*)::int FROM events e WHERE e.stage_id = s.id) AS events
          FROM stages s ORDER BY s.position, s.id`,
    ),
    db.select({ key: channels.key, name: channels.name }).from(channels).orderBy(channels.key),
    queryRows<{
      key: string;
      name: string;
      channel: string;
      stage: string;
      events: number;
      auto: boolean;
    }>(
      db,
      sql`SELECT t.key, t.name, c.key AS channel, s.key AS stage, t.auto_created_at IS NOT NULL AS auto,
            (SELECT count(*)::int FROM events e WHERE e.touchpoint_id = t.id) AS events
          FROM touchpoints t JOIN channels c ON c.id = t.channel_id JOIN stages s ON s.id = t.stage_id
          ORDER BY c.key, s.position, t.key`,
    ),
  ]);
  return {
    stages: stageRows.map((s) => ({
      key: s.key,
      name: s.name,
      goal: s.goal,
      actions: s.actions,
      position: s.position,
      isConversion: s.is_conversion,
      events: s.events,
    })),
    channels: channelRows,
    touchpoints: touchpointRows.map((t) => ({
      key: t.key,
      name: t.name,
      channel: t.channel,
      stage: t.stage,
      events: t.events,
      autoCreated: t.auto,
    })),
  };
}

async function idOf(db: Database, kind: "stage" | "channel", key: string): Promise<number> {
  const table = kind === "stage" ? stages : channels;
  const [row] = await db.select({ id: table.id }).from(table).where(eq(table.key, key));
  if (!row) throw new DomainError("not_found", `no ${kind} with the key ${key}`);
  return row.id;
}

export async function updateStage(
  db: Database,
  actor: Actor,
  input: { key: string; name: string; goal: string; actions: string[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(stages).where(eq(stages.key, input.key));
    if (!before) throw new DomainError("not_found", `no stage with the key ${input.key}`);
    await tx
      .update(stages)
      .set({ name: input.name, goal: input.goal, actions: input.actions })
      .where(eq(stages.key, input.key));
    await recordAudit(tx, actor, {
      action: "stage.update",
      entityType: "stage",
      entityId: input.key,
      summary: `edited the stage ${input.name}`,
      before: { name: before.name, goal: before.goal, actions: before.actions },
      after: { name: input.name, goal: input.goal, actions: input.actions },
    });
  });
}

/** New stage order: every stage key exactly once. No event changes. */
export async function reorderStages(db: Database, actor: Actor, keys: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await tx
      .select({ key: stages.key })
      .from(stages)
      .orderBy(stages.position, stages.id);
    const known = current.map((s) => s.key);
    const same =
      keys.length === known.length &&
      new Set(keys).size === keys.length &&
      keys.every((k) => known.includes(k));
    if (!same) {
      throw new DomainError("invalid", `give every stage exactly once: ${known.join(", ")}`);
    }
    for (const [position, key] of keys.entries()) {
      await tx.update(stages).set({ position }).where(eq(stages.key, key));
    }
    await recordAudit(tx, actor, {
      action: "stage.reorder",
      entityType: "stage",
      entityId: "order",
      summary: `reordered the stages: ${keys.join(" → ")}`,
      before: known,
      after: keys,
    });
  });
}

export interface TouchpointChangeEffect {
  /** Past events that move to the new stage (those that inherited the touchpoint's stage). */
  eventsMovingStage: number;
  customersMovingStage: number;
  /** Events that named their own stage: they keep it. */
  eventsKeepingStage: number;
  /** Past events that move to the new channel. */
  eventsMovingChannel: number;
  fromStage: string;
  toStage: string;
  fromChannel: string;
  toChannel: string;
}

async function touchpointRow(db: Database, key: string) {
  const [row] = await queryRows<{
    id: number;
    name: string;
    stage_id: number;
    channel_id: number;
    stage: string;
    channel: string;
  }>(
    db,
    sql`SELECT t.id, t.name, t.stage_id, t.channel_id, s.key AS stage, c.key AS channel
        FROM touchpoints t JOIN stages s ON s.id = t.stage_id JOIN channels c ON c.id = t.channel_id
        WHERE t.key = ${key}`,
  );
  if (!row) throw new DomainError("not_found", `no touchpoint with the key ${key}`);
  return row;
}

/** What a touchpoint change would do to history, in numbers, before it is made. */
export async function previewTouchpointChange(
  db: Database,
  change: TTouchpointChange,
): Promise<TouchpointChangeEffect> {
  const tp = await touchpointRow(db, change.key);
  const toStage = change.stage ?? tp.stage;
  const toChannel = change.channel ?? tp.channel;
  if (change.stage) await idOf(db, "stage", change.stage);
  if (change.channel) await idOf(db, "channel", change.channel);
  const stageMoves = toStage !== tp.stage;
  const channelMoves = toChannel !== tp.channel;
  const [row] = await queryRows<{
    moving: number;
    customers: number;
    keeping: number;
    channel_moving: number;
  }>(
    db,
    sql`SELECT
          (count(*) FILTER (WHERE NOT stage_explicit AND stage_id = ${tp.stage_id}))::int AS moving,
          (count(DISTINCT customer_id) FILTER (WHERE NOT stage_explicit AND stage_id = ${tp.stage_id}))::int AS customers,
          (count(*) FILTER (WHERE stage_explicit))::int AS keeping,
          (count(*) FILTER (WHERE channel_id = ${tp.channel_id}))::int AS channel_moving
        FROM events WHERE touchpoint_id = ${tp.id}`,
  );
  return {
    eventsMovingStage: stageMoves ? (row?.moving ?? 0) : 0,
    customersMovingStage: stageMoves ? (row?.customers ?? 0) : 0,
    eventsKeepingStage: stageMoves ? (row?.keeping ?? 0) : 0,
    eventsMovingChannel: channelMoves ? (row?.channel_moving ?? 0) : 0,
    fromStage: tp.stage,
    toStage,
    fromChannel: tp.channel,
    toChannel,
  };
}

/**
 * Renames, moves to another stage or channel. History follows the map: past events that took
 * the touchpoint's stage (not their own) move with it, and so do its events on its old channel.
 * Placing an auto-created touchpoint clears its "to place" flag.
 */
export async function updateTouchpoint(
  db: Database,
  actor: Actor,
  change: TTouchpointChange,
): Promise<TouchpointChangeEffect> {
  return db.transaction(async (tx) => {
    const effect = await previewTouchpointChange(tx, change);
    const tp = await touchpointRow(tx, change.key);
    const stageId = change.stage ? await idOf(tx, "stage", change.stage) : tp.stage_id;
    const channelId = change.channel ? await idOf(tx, "channel", change.channel) : tp.channel_id;
    await tx
      .update(touchpoints)
      .set({ name: change.name ?? tp.name, stageId, channelId, autoCreatedAt: null })
      .where(eq(touchpoints.id, tp.id));
    if (stageId !== tp.stage_id) {
      await queryRows(
        tx,
        sql`UPDATE events SET stage_id = ${stageId}
            WHERE touchpoint_id = ${tp.id} AND NOT stage_explicit AND stage_id = ${tp.stage_id}`,
      );
    }
    if (channelId !== tp.channel_id) {
      await queryRows(
        tx,
        sql`UPDATE events SET channel_id = ${channelId}
            WHERE touchpoint_id = ${tp.id} AND channel_id = ${tp.channel_id}`,
      );
    }
    await recordAudit(tx, actor, {
      action: "touchpoint.update",
      entityType: "touchpoint",
      entityId: change.key,
      summary: `edited the touchpoint ${change.name ?? tp.name}: ${effect.eventsMovingStage} events moved stage, ${effect.eventsMovingChannel} moved channel`,
      before: { name: tp.name, stage: tp.stage, channel: tp.channel },
      after: { name: change.name ?? tp.name, stage: effect.toStage, channel: effect.toChannel },
    });
    return effect;
  });
}

export async function createTouchpoint(
  db: Database,
  actor: Actor,
  input: { key: string; name: string; channel: string; stage: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: touchpoints.id })
      .from(touchpoints)
      .where(eq(touchpoints.key, input.key));
    if (existing)
      throw new DomainError("conflict", `a touchpoint with the key ${input.key} already exists`);
    await tx.insert(touchpoints).values({
      key: input.key,
      name: input.name,
      channelId: await idOf(tx, "channel", input.channel),
      stageId: await idOf(tx, "stage", input.stage),
    });
    await recordAudit(tx, actor, {
      action: "touchpoint.create",
      entityType: "touchpoint",
      entityId: input.key,
      summary: `added the touchpoint ${input.name} (${input.channel}, ${input.stage})`,
      after: input,
    });
  });
}
