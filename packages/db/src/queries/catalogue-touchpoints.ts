import { coded, type TTouchpointChange, type TTouchpointCreate } from "@parcours/validators";
import { eq, type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { touchpoints } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { idOf } from "./catalogue-ids";
import { advanceDataVersion } from "./data-version";
import { DomainError } from "./errors";

/*
 * What each catalogue change does to history (docs/metrics.md, "Catalogue changes and
 * history"): names, goals and actions are display only; the stage order moves no event but
 * every stage funnel and next-stage conversion follow it; moving a touchpoint re-attributes its
 * past events that inherited its stage (not those that named their own), and changing its
 * channel moves its events that were on its old channel.
 */

export interface TouchpointChangeEffect {
  /** Past events that move to the new stage (those that inherited the touchpoint's stage). */
  eventsMovingStage: number;
  customersMovingStage: number;
  /** Events that named their own stage: they keep it. */
  eventsKeepingStage: number;
  /** Past events that move to the new channel (those that were on the old one). */
  eventsMovingChannel: number;
  customersMovingChannel: number;
  /** When the moving events happened (stage or channel); null when none moves. */
  firstEventAt: Date | null;
  lastEventAt: Date | null;
  fromStage: string;
  toStage: string;
  fromChannel: string;
  toChannel: string;
}

interface TouchpointRow {
  id: number;
  name: string;
  stage_id: number;
  channel_id: number;
  stage: string;
  channel: string;
  auto: boolean;
}

async function touchpointRow(db: Database, key: string, lock: boolean): Promise<TouchpointRow> {
  const [row] = await queryRows<TouchpointRow>(
    db,
    sql`SELECT t.id, t.name, t.stage_id, t.channel_id, s.key AS stage, c.key AS channel,
          t.auto_created_at IS NOT NULL AS auto
        FROM touchpoints t JOIN stages s ON s.id = t.stage_id JOIN channels c ON c.id = t.channel_id
        WHERE t.key = ${key}${lock ? sql` FOR UPDATE OF t` : sql``}`,
  );
  if (!row)
    throw new DomainError("not_found", coded("notFound", { what: "touchpoint", by: "key", key }));
  return row;
}

/** The touchpoint, where it goes, and which of its events move: one definition for both. */
async function planChange(db: Database, change: TTouchpointChange, lock: boolean) {
  const tp = await touchpointRow(db, change.key, lock);
  const stageId = change.stage ? await idOf(db, "stage", change.stage) : tp.stage_id;
  const channelId = change.channel ? await idOf(db, "channel", change.channel) : tp.channel_id;
  const stageMoves = stageId !== tp.stage_id;
  const channelMoves = channelId !== tp.channel_id;
  // Events that inherited the stage follow the touchpoint. `stage_id <> new` rather than
  // `= old`, so an event stored with a stale stage (ingested while a move was committing) is
  // set right too; the count is then exactly what the UPDATE changes.
  const movesStage: SQL = stageMoves
    ? sql`(NOT stage_explicit AND stage_id <> ${stageId})`
    : sql`false`;
  // There is no "channel named by the event" flag: an event on another channel than its
  // touchpoint's named it, and keeps it; the others follow the touchpoint.
  const movesChannel: SQL = channelMoves ? sql`(channel_id = ${tp.channel_id})` : sql`false`;
  return {
    tp,
    stageId,
    channelId,
    stageMoves,
    movesStage,
    movesChannel,
    toStage: change.stage ?? tp.stage,
    toChannel: change.channel ?? tp.channel,
    name: change.name ?? tp.name,
  };
}

const toDate = (epoch: number | null) => (epoch === null ? null : new Date(epoch * 1000));

/** What a touchpoint change would do to history, in numbers, before it is made. */
export async function previewTouchpointChange(
  db: Database,
  change: TTouchpointChange,
): Promise<TouchpointChangeEffect> {
  const p = await planChange(db, change, false);
  const [row] = await queryRows<{
    stage_events: number;
    stage_customers: number;
    keeping: number;
    channel_events: number;
    channel_customers: number;
    first: number | null;
    last: number | null;
  }>(
    db,
    sql`SELECT
          (count(*) FILTER (WHERE ms))::int AS stage_events,
          (count(DISTINCT customer_id) FILTER (WHERE ms))::int AS stage_customers,
          (count(*) FILTER (WHERE stage_explicit))::int AS keeping,
          (count(*) FILTER (WHERE mc))::int AS channel_events,
          (count(DISTINCT customer_id) FILTER (WHERE mc))::int AS channel_customers,
          extract(epoch FROM min(occurred_at) FILTER (WHERE ms OR mc))::float8 AS first,
          extract(epoch FROM max(occurred_at) FILTER (WHERE ms OR mc))::float8 AS last
        FROM (SELECT customer_id, occurred_at, stage_explicit,
                ${p.movesStage} AS ms, ${p.movesChannel} AS mc
              FROM events WHERE touchpoint_id = ${p.tp.id}) e`,
  );
  return {
    eventsMovingStage: row?.stage_events ?? 0,
    customersMovingStage: row?.stage_customers ?? 0,
    eventsKeepingStage: p.stageMoves ? (row?.keeping ?? 0) : 0,
    eventsMovingChannel: row?.channel_events ?? 0,
    customersMovingChannel: row?.channel_customers ?? 0,
    firstEventAt: toDate(row?.first ?? null),
    lastEventAt: toDate(row?.last ?? null),
    fromStage: p.tp.stage,
    toStage: p.toStage,
    fromChannel: p.tp.channel,
    toChannel: p.toChannel,
  };
}

interface Moved {
  events: number;
  customers: number;
  first: number | null;
  last: number | null;
}
const NOTHING_MOVED: Moved = { events: 0, customers: 0, first: null, last: null };

/** What the ClickHouse sync replays for a move (analytics-sync.ts): null when nothing moves. */
type MoveLog = { kind: "stage"; toId: number } | { kind: "channel"; toId: number; fromId: number };

async function moveEvents(
  db: Database,
  set: SQL,
  touchpointId: number,
  which: SQL,
  log: MoveLog | null,
) {
  // Logged by the same statement as the UPDATE, so the row's default pg_current_snapshot() is
  // the UPDATE's own snapshot: the sync then moves exactly the rows this UPDATE could see.
  const logged = log
    ? sql`, logged AS (
          INSERT INTO analytics_changes (kind, touchpoint_id, to_id, from_id)
          VALUES (${log.kind}, ${touchpointId}, ${log.toId},
            ${log.kind === "channel" ? log.fromId : null}::int))`
    : sql``;
  const [row] = await queryRows<Moved>(
    db,
    sql`WITH moved AS (
          UPDATE events SET ${set} WHERE touchpoint_id = ${touchpointId} AND ${which}
          RETURNING customer_id, occurred_at)${logged}
        SELECT count(*)::int AS events, count(DISTINCT customer_id)::int AS customers,
          extract(epoch FROM min(occurred_at))::float8 AS first,
          extract(epoch FROM max(occurred_at))::float8 AS last
        FROM moved`,
  );
  return row ?? NOTHING_MOVED;
}

/**
 * Renames, moves to another stage or channel, and moves the history with it (see the top of
 * this file). Returns what it changed, counted from the updates themselves. Placing an
 * auto-created touchpoint clears its "to place" flag.
 */
export async function updateTouchpoint(
  db: Database,
  actor: Actor,
  change: TTouchpointChange,
): Promise<TouchpointChangeEffect> {
  const result = await db.transaction(async (tx) => {
    const p = await planChange(tx, change, true);
    const nothing =
      p.name === p.tp.name && p.toStage === p.tp.stage && p.toChannel === p.tp.channel;
    if (nothing && !p.tp.auto) return previewTouchpointChange(tx, change);
    const [kept] = p.stageMoves
      ? await queryRows<{ n: number }>(
          tx,
          sql`SELECT count(*)::int AS n FROM events
              WHERE touchpoint_id = ${p.tp.id} AND stage_explicit`,
        )
      : [];
    await tx
      .update(touchpoints)
      .set({ name: p.name, stageId: p.stageId, channelId: p.channelId, autoCreatedAt: null })
      .where(eq(touchpoints.id, p.tp.id));
    // Channel first: its predicate reads channel_id only, the stage's stage_id only.
    const channel = await moveEvents(
      tx,
      sql`channel_id = ${p.channelId}`,
      p.tp.id,
      p.movesChannel,
      p.channelId === p.tp.channel_id
        ? null
        : { kind: "channel", toId: p.channelId, fromId: p.tp.channel_id },
    );
    const stage = await moveEvents(
      tx,
      sql`stage_id = ${p.stageId}`,
      p.tp.id,
      p.movesStage,
      p.stageMoves ? { kind: "stage", toId: p.stageId } : null,
    );
    const times = [stage.first, stage.last, channel.first, channel.last].filter(
      (v): v is number => v !== null,
    );
    const effect: TouchpointChangeEffect = {
      eventsMovingStage: stage.events,
      customersMovingStage: stage.customers,
      eventsKeepingStage: kept?.n ?? 0,
      eventsMovingChannel: channel.events,
      customersMovingChannel: channel.customers,
      firstEventAt: times.length > 0 ? toDate(Math.min(...times)) : null,
      lastEventAt: times.length > 0 ? toDate(Math.max(...times)) : null,
      fromStage: p.tp.stage,
      toStage: p.toStage,
      fromChannel: p.tp.channel,
      toChannel: p.toChannel,
    };
    const before = { name: p.tp.name, stage: p.tp.stage, channel: p.tp.channel };
    const after = { name: p.name, stage: p.toStage, channel: p.toChannel };
    const renamed = p.name !== p.tp.name;
    const stageMoved = p.toStage !== p.tp.stage;
    const channelMoved = p.toChannel !== p.tp.channel;
    await recordAudit(tx, actor, {
      action: "touchpoint.update",
      entityType: "touchpoint",
      entityId: change.key,
      message: coded("auditTouchpointUpdate", {
        name: p.name,
        renamed: renamed ? p.tp.name : "none",
        moved: stageMoved || channelMoved ? "yes" : "none",
        stageFrom: stageMoved ? p.tp.stage : "none",
        stageTo: p.toStage,
        stageEvents: stage.events,
        kept: effect.eventsKeepingStage,
        channelFrom: channelMoved ? p.tp.channel : "none",
        channelTo: p.toChannel,
        channelEvents: channel.events,
        changed: renamed || stageMoved || channelMoved ? "yes" : "no",
      }),
      before,
      after,
    });
    return effect;
  });
  await advanceDataVersion(db);
  return result;
}

/** A new touchpoint has no history: only events sent from now on will name it. */
export async function createTouchpoint(
  db: Database,
  actor: Actor,
  input: TTouchpointCreate,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: touchpoints.id })
      .from(touchpoints)
      .where(eq(touchpoints.key, input.key));
    if (existing)
      throw new DomainError(
        "conflict",
        coded("alreadyExists", { what: "touchpoint", key: input.key }),
      );
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
      message: coded("auditTouchpointCreate", {
        name: input.name,
        channel: input.channel,
        stage: input.stage,
      }),
      after: { name: input.name, channel: input.channel, stage: input.stage },
    });
  });
  await advanceDataVersion(db);
}
