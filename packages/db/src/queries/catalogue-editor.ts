import {
  coded,
  type TStageUpdate,
  type TTouchpointChange,
  type TTouchpointCreate,
} from "@parcours/validators";
import { eq, type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { channels, stages, touchpoints } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { advanceDataVersion } from "./data-version";
import { DomainError } from "./errors";

/*
 * What each catalogue change does to history (docs/metrics.md, "Catalogue changes and
 * history"): names, goals and actions are display only; the stage order moves no event but
 * every stage funnel and next-stage conversion follow it; moving a touchpoint re-attributes its
 * past events that inherited its stage (not those that named their own), and changing its
 * channel moves its events that were on its old channel.
 */

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
  const [stageRows, channelRows, touchpointRows, counts] = await Promise.all([
    db.select().from(stages).orderBy(stages.position, stages.id),
    db.select({ key: channels.key, name: channels.name }).from(channels).orderBy(channels.key),
    queryRows<{
      id: number;
      key: string;
      name: string;
      channel: string;
      stage: string;
      auto: boolean;
    }>(
      db,
      sql`SELECT t.id, t.key, t.name, c.key AS channel, s.key AS stage,
            t.auto_created_at IS NOT NULL AS auto
          FROM touchpoints t JOIN channels c ON c.id = t.channel_id JOIN stages s ON s.id = t.stage_id
          ORDER BY c.key, s.position, t.key`,
    ),
    // One scan of the events for every count (events has no index on either column).
    queryRows<{ touchpoint_id: number; stage_id: number; n: number }>(
      db,
      sql`SELECT touchpoint_id, stage_id, count(*)::int AS n FROM events
          GROUP BY touchpoint_id, stage_id`,
    ),
  ]);
  const byStage = new Map<number, number>();
  const byTouchpoint = new Map<number, number>();
  for (const c of counts) {
    byStage.set(c.stage_id, (byStage.get(c.stage_id) ?? 0) + c.n);
    byTouchpoint.set(c.touchpoint_id, (byTouchpoint.get(c.touchpoint_id) ?? 0) + c.n);
  }
  return {
    stages: stageRows.map((s) => ({
      key: s.key,
      name: s.name,
      goal: s.goal,
      actions: s.actions,
      position: s.position,
      isConversion: s.isConversion,
      events: byStage.get(s.id) ?? 0,
    })),
    channels: channelRows,
    touchpoints: touchpointRows.map((t) => ({
      key: t.key,
      name: t.name,
      channel: t.channel,
      stage: t.stage,
      events: byTouchpoint.get(t.id) ?? 0,
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

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// ---------------------------------------------------------------------------------- stages

export async function updateStage(db: Database, actor: Actor, input: TStageUpdate): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(stages).where(eq(stages.key, input.key)).for("update");
    if (!row) throw new DomainError("not_found", `no stage with the key ${input.key}`);
    const before = { name: row.name, goal: row.goal, actions: row.actions };
    const after = { name: input.name, goal: input.goal, actions: input.actions };
    if (same(before, after)) return;
    await tx.update(stages).set(after).where(eq(stages.id, row.id));
    await recordAudit(tx, actor, {
      action: "stage.update",
      entityType: "stage",
      entityId: input.key,
      message: coded("auditStageUpdate", {
        from: row.name === input.name ? "same" : row.name,
        to: input.name,
      }),
      before,
      after,
    });
  });
  await advanceDataVersion(db);
}

/** The stage keys in their current order; throws unless `keys` is a permutation of them. */
async function checkNewOrder(db: Database, keys: string[], lock: boolean): Promise<string[]> {
  const query = db.select({ key: stages.key }).from(stages).orderBy(stages.position, stages.id);
  const known = (await (lock ? query.for("update") : query)).map((s) => s.key);
  const missing = known.filter((k) => !keys.includes(k));
  const unknown = keys.filter((k) => !known.includes(k));
  const repeated = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    const problems = [
      missing.length > 0 ? `missing: ${missing.join(", ")}` : null,
      unknown.length > 0 ? `unknown: ${unknown.join(", ")}` : null,
      repeated.length > 0 ? `repeated: ${repeated.join(", ")}` : null,
    ].filter(Boolean);
    throw new DomainError(
      "invalid",
      `the new order must list every stage exactly once (${problems.join("; ")})`,
    );
  }
  return known;
}

export interface StageReorderEffect {
  /** Reordering never rewrites an event. */
  eventsChanged: 0;
  before: string[];
  after: string[];
  /**
   * Stages whose next stage changes: their next-stage conversion (heatmap, journey map) will be
   * measured against another stage. `customers`: customers with an event in the stage, ever.
   */
  nextStageChanges: {
    stage: string;
    customers: number;
    fromNext: string | null;
    toNext: string | null;
  }[];
}

const nextOf = (order: string[], key: string) => order[order.indexOf(key) + 1] ?? null;

/** What a new stage order would change, before it is saved. */
export async function previewStageReorder(
  db: Database,
  keys: string[],
): Promise<StageReorderEffect> {
  const before = await checkNewOrder(db, keys, false);
  const changed = keys.filter((k) => nextOf(before, k) !== nextOf(keys, k));
  const customers = new Map<string, number>();
  if (changed.length > 0) {
    const rows = await queryRows<{ key: string; customers: number }>(
      db,
      sql`SELECT s.key, count(DISTINCT e.customer_id)::int AS customers
          FROM events e JOIN stages s ON s.id = e.stage_id
          WHERE s.key IN (${sql.join(
            changed.map((k) => sql`${k}`),
            sql`, `,
          )})
          GROUP BY s.key`,
    );
    for (const r of rows) customers.set(r.key, r.customers);
  }
  return {
    eventsChanged: 0,
    before,
    after: keys,
    nextStageChanges: changed.map((stage) => ({
      stage,
      customers: customers.get(stage) ?? 0,
      fromNext: nextOf(before, stage),
      toNext: nextOf(keys, stage),
    })),
  };
}

/** New stage order: every stage key exactly once. No event changes. */
export async function reorderStages(db: Database, actor: Actor, keys: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await checkNewOrder(tx, keys, true);
    if (same(before, keys)) return;
    const order = sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    );
    // Two steps, so that no intermediate state reuses a position another row still holds (safe
    // should positions ever become unique): first above every current position, then 0..n-1.
    await queryRows(
      tx,
      sql`WITH o AS (SELECT key, ordinality AS i FROM unnest(ARRAY[${order}]::text[]) WITH ORDINALITY AS u(key, ordinality)),
            top AS (SELECT greatest(max(position), count(*)) AS p FROM stages)
          UPDATE stages s SET position = (SELECT p FROM top) + o.i FROM o WHERE s.key = o.key`,
    );
    await queryRows(
      tx,
      sql`WITH o AS (SELECT key, ordinality AS i FROM unnest(ARRAY[${order}]::text[]) WITH ORDINALITY AS u(key, ordinality))
          UPDATE stages s SET position = o.i - 1 FROM o WHERE s.key = o.key`,
    );
    await recordAudit(tx, actor, {
      action: "stage.reorder",
      entityType: "stage",
      entityId: "order",
      message: coded("auditStageReorder", { order: keys.join(" → ") }),
      before,
      after: keys,
    });
  });
  await advanceDataVersion(db);
}

export interface ConversionStageEffect {
  /** Changing the conversion stage never rewrites an event; the KPIs' definition changes. */
  eventsChanged: 0;
  fromStage: string | null;
  toStage: string;
  /** Customers with an event in the current conversion stage, ever. */
  customersFrom: number;
  /** Customers with an event in the new one, ever: those who will count as converted. */
  customersTo: number;
}

async function conversionChange(db: Database, key: string) {
  const rows = await db.select().from(stages);
  const to = rows.find((s) => s.key === key);
  if (!to) throw new DomainError("not_found", `no stage with the key ${key}`);
  const from = rows.find((s) => s.isConversion) ?? null;
  return { from, to };
}

export async function previewConversionStage(
  db: Database,
  key: string,
): Promise<ConversionStageEffect> {
  const { from, to } = await conversionChange(db, key);
  const [row] = await queryRows<{ from_n: number; to_n: number }>(
    db,
    sql`SELECT
          (count(DISTINCT customer_id) FILTER (WHERE stage_id = ${from?.id ?? null}))::int AS from_n,
          (count(DISTINCT customer_id) FILTER (WHERE stage_id = ${to.id}))::int AS to_n
        FROM events WHERE stage_id IN (${to.id}, ${from?.id ?? to.id})`,
  );
  return {
    eventsChanged: 0,
    fromStage: from?.key ?? null,
    toStage: to.key,
    customersFrom: row?.from_n ?? 0,
    customersTo: row?.to_n ?? 0,
  };
}

/** Makes `key` the conversion stage (KPIs, persona conversion rate). No event changes. */
export async function setConversionStage(db: Database, actor: Actor, key: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { from, to } = await conversionChange(tx, key);
    if (from?.id === to.id) return;
    // Clear first: a partial unique index allows one conversion stage at a time.
    await tx.update(stages).set({ isConversion: false }).where(eq(stages.isConversion, true));
    await tx.update(stages).set({ isConversion: true }).where(eq(stages.id, to.id));
    await recordAudit(tx, actor, {
      action: "stage.conversion",
      entityType: "stage",
      entityId: to.key,
      message: coded("auditStageConversion", { to: to.name, from: from?.name ?? "none" }),
      before: { conversionStage: from?.key ?? null },
      after: { conversionStage: to.key },
    });
  });
  await advanceDataVersion(db);
}

// ----------------------------------------------------------------------------- touchpoints

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
  if (!row) throw new DomainError("not_found", `no touchpoint with the key ${key}`);
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

// ------------------------------------------------------------------ stages and channels: new

/**
 * A new stage goes last in the order, and is not the conversion stage: no event is in it yet,
 * so no figure changes until events name it (or a touchpoint is placed in it).
 */
export async function createStage(db: Database, actor: Actor, input: TStageUpdate): Promise<void> {
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: stages.id })
      .from(stages)
      .where(eq(stages.key, input.key));
    if (existing)
      throw new DomainError("conflict", `a stage with the key ${input.key} already exists`);
    const [top] = await queryRows<{ p: number }>(
      tx,
      sql`SELECT coalesce(max(position) + 1, 0)::int AS p FROM stages`,
    );
    const values = { name: input.name, goal: input.goal, actions: input.actions };
    await tx.insert(stages).values({ key: input.key, position: top?.p ?? 0, ...values });
    await recordAudit(tx, actor, {
      action: "stage.create",
      entityType: "stage",
      entityId: input.key,
      message: coded("auditStageCreate", { name: input.name }),
      after: values,
    });
  });
  await advanceDataVersion(db);
}

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
      throw new DomainError("conflict", `a channel with the key ${input.key} already exists`);
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
    if (!row) throw new DomainError("not_found", `no channel with the key ${input.key}`);
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
