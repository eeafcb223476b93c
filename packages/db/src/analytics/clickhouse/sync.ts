import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import type postgres from "postgres";
import { type Database, queryRows } from "../../client";
import { advanceDataVersion } from "../../queries/data-version";
import type { ClickHouse } from "./client";
import {
  type ClusterLayout,
  closeShards,
  localTable,
  missingOnShard,
  openShards,
  readClusterLayout,
  stagingTable,
} from "./cluster";
import { type ChSql, chSql, joinSql, lit } from "./literal";

/*
 * PostgreSQL → ClickHouse, every row exactly once.
 *
 * Cursor. events.sync_xid / customers.sync_xid hold the transaction that wrote the row (xid8,
 * 64 bits, never wraps). A pass copies, in (sync_xid, key) order, only rows whose transaction
 * has ended: sync_xid < xmin of the current snapshot. Every transaction below xmin is over, so
 * no row can appear later below the cursor: a transaction that began earlier but commits
 * later has a smaller xid and holds xmin back until it ends, instead of being skipped.
 *
 * Resume point. The cursor is not stored anywhere: it is the greatest (sync_version, key)
 * already in ClickHouse. Each batch goes in as ONE insert request, which ClickHouse writes as
 * one block only once the whole body has arrived (batches stay far below the 1,048,576-row
 * block limit and the 256 MB squashing limit), so a crash or a kill -9 leaves the batch either
 * entirely there (the cursor moved past it) or not at all (it is copied again). Event keys
 * sort with COLLATE "C" in PostgreSQL, byte order, which is how ClickHouse compares strings.
 *
 * Updates. Events never change except when an admin moves a touchpoint's history to another
 * stage or channel (catalogue-touchpoints.ts): each such UPDATE logs itself in analytics_changes in
 * the same statement, with that statement's snapshot, and is replayed here, in log order, as
 * `ALTER TABLE events UPDATE … WHERE` the same predicate restricted to the rows the snapshot
 * made visible to it: exactly the rows PostgreSQL updated. Replaying a move again (after a
 * crash before its id was recorded) gives the same result. Customers are re-stamped by a
 * trigger on every update and copied again; ReplacingMergeTree(sync_version) keeps the newest.
 * TRUNCATE logs a reset: the copy is emptied and everything still in PostgreSQL is copied.
 *
 * One sync at a time per ClickHouse database name: an advisory lock on PostgreSQL (released by
 * the server if the process dies), and an in-process lock for PGlite, whose one process is this.
 *
 * On a cluster (cluster.ts) each shard has a cursor of its own: the greatest key in its local
 * table, or the marker the last pass left in its sync_state when it ended past that (a shard
 * may get no rows of a batch). A pass reads PostgreSQL from the least of them. A batch goes
 * into a staging table on this server, then ONE `INSERT … SELECT` through the Distributed
 * table (insert_distributed_sync=1) sends each shard its rows above ITS cursor, as one block
 * per shard. A batch cut short by a shard that went down leaves the shards that wrote their
 * rows ahead of the others; the next pass starts from the one behind and sends each shard only
 * what it lacks, so no shard gets a row twice.
 */

/** Rows per insert: one block (about 7 MB of events), about a second of work for each side. */
export const DEFAULT_BATCH_ROWS = 100_000;
/**
 * PGlite runs one query at a time for the whole process: smaller batches keep the app's own
 * queries from waiting long behind a catch-up copy.
 */
export const PGLITE_BATCH_ROWS = 10_000;

function defaultBatchRows(db: Database): number {
  return (db as { $client?: unknown }).$client instanceof PGlite
    ? PGLITE_BATCH_ROWS
    : DEFAULT_BATCH_ROWS;
}

/** ClickHouse writes a request as several blocks above this: exactly-once needs one. */
const MAX_BATCH_ROWS = 1_000_000;

export interface EventCursor {
  /** sync_version (a PostgreSQL xid8), as a decimal string. */
  xid: string;
  eventId: string;
}
export interface CustomerCursor {
  xid: string;
  id: number;
}

export interface SyncProgress {
  events: number;
  customers: number;
  changes: number;
}

export interface SyncOptions {
  /** Rows per batch: DEFAULT_BATCH_ROWS on PostgreSQL, PGLITE_BATCH_ROWS on PGlite. */
  batchRows?: number;
  /** Wait for another sync of the same ClickHouse database to finish instead of failing. */
  waitForLock?: boolean;
  onProgress?: (progress: SyncProgress) => void;
  /** Stops between batches (the batch in flight completes or is not written at all). */
  signal?: AbortSignal;
}

export interface SyncResult extends SyncProgress {
  catalogueCopied: boolean;
  resets: number;
  ms: number;
}

export class SyncBusyError extends Error {
  override name = "SyncBusyError";
}

const EMPTY_EVENT_CURSOR: EventCursor = { xid: "0", eventId: "" };
const EMPTY_CUSTOMER_CURSOR: CustomerCursor = { xid: "0", id: 0 };

// --------------------------------------------------------------------------------- cursors

export async function readEventCursor(ch: ClickHouse, table = "events"): Promise<EventCursor> {
  const t = lit.ident(table);
  // max() on one UInt64 column is a fast scan; the key is then searched among its rows only.
  const [row] = await ch.query<{ x: string; id: string }>(
    chSql`SELECT toString(sync_version) AS x, max(event_id) AS id FROM ${t}
          WHERE sync_version = (SELECT max(sync_version) FROM ${t})
          GROUP BY sync_version`,
  );
  return row ? { xid: row.x, eventId: row.id } : EMPTY_EVENT_CURSOR;
}

export async function readCustomerCursor(
  ch: ClickHouse,
  table = "customers",
): Promise<CustomerCursor> {
  const t = lit.ident(table);
  const [row] = await ch.query<{ x: string; id: number }>(
    chSql`SELECT toString(sync_version) AS x, max(id) AS id FROM ${t}
          WHERE sync_version = (SELECT max(sync_version) FROM ${t})
          GROUP BY sync_version`,
  );
  return row ? { xid: row.x, id: Number(row.id) } : EMPTY_CUSTOMER_CURSOR;
}

// ------------------------------------------------------------------------ cursors per shard

/** How a table's cursor is read, compared, and written as a condition (`key > cursor`). */
interface CursorKind<C> {
  table: "events" | "customers";
  customerColumn: string;
  empty: C;
  read: (ch: ClickHouse, table: string) => Promise<C>;
  compare: (a: C, b: C) => number;
  above: (c: C) => ChSql;
}

const compareXid = (a: string, b: string): number => {
  const d = BigInt(a) - BigInt(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
};

const EVENT_KIND: CursorKind<EventCursor> = {
  table: "events",
  customerColumn: "customer_id",
  empty: { xid: "0", eventId: "" },
  read: readEventCursor,
  // Byte order, as ClickHouse and PostgreSQL's COLLATE "C" compare event ids.
  compare: (a, b) =>
    compareXid(a.xid, b.xid) || Buffer.compare(Buffer.from(a.eventId), Buffer.from(b.eventId)),
  above: (c) => chSql`(sync_version > ${lit.uint(BigInt(c.xid))}
    OR (sync_version = ${lit.uint(BigInt(c.xid))} AND event_id > ${lit.str(c.eventId)}))`,
};

const CUSTOMER_KIND: CursorKind<CustomerCursor> = {
  table: "customers",
  customerColumn: "id",
  empty: { xid: "0", id: 0 },
  read: readCustomerCursor,
  compare: (a, b) => compareXid(a.xid, b.xid) || a.id - b.id,
  above: (c) => chSql`(sync_version > ${lit.uint(BigInt(c.xid))}
    OR (sync_version = ${lit.uint(BigInt(c.xid))} AND id > ${lit.uint(c.id)}))`,
};

const markerKey = (table: string) => `cursor_${table}`;
let markerSequence = 0;

/** The cursor the last pass left on a shard (the newest marker), or null. */
async function readMarker<C>(shard: ClickHouse, kind: CursorKind<C>): Promise<C | null> {
  const [row] = await shard.query<{ value: string; n: string }>(
    chSql`SELECT argMax(value, version) AS value, toString(count()) AS n FROM sync_state
          WHERE key = ${lit.str(markerKey(kind.table))}`,
  );
  return row && Number(row.n) > 0 ? (JSON.parse(row.value) as C) : null;
}

async function writeMarker<C>(shard: ClickHouse, kind: CursorKind<C>, cursor: C): Promise<void> {
  markerSequence = (markerSequence + 1) % 1000;
  await shard.insert("sync_state", [
    {
      key: markerKey(kind.table),
      value: JSON.stringify(cursor),
      // Newer than every marker before it: one sync at a time, microseconds of the clock.
      version: String(BigInt(Date.now()) * 1000n + BigInt(markerSequence)),
    },
  ]);
}

/** Where a copy resumes and how a batch is written: to one server or through the shards. */
interface CopyTarget<C> {
  start: C;
  write: (body: string, last: C) => Promise<void>;
  /** Called once every batch is in (with whether any was). */
  finish: (copied: boolean) => Promise<void>;
}

async function singleTarget<C>(
  ch: ClickHouse,
  kind: CursorKind<C>,
  columns: readonly string[],
): Promise<CopyTarget<C>> {
  return {
    start: await kind.read(ch, kind.table),
    write: (body) => ch.insertCsv(kind.table, columns, body),
    finish: async () => {},
  };
}

interface Cluster {
  layout: ClusterLayout;
  shards: ClickHouse[];
}

async function shardedTarget<C>(
  ch: ClickHouse,
  cluster: Cluster,
  kind: CursorKind<C>,
  columns: readonly string[],
): Promise<CopyTarget<C>> {
  const cursors: C[] = await Promise.all(
    cluster.shards.map(async (shard): Promise<C> => {
      const [stored, marker] = await Promise.all([
        kind.read(shard, localTable(kind.table)),
        readMarker(shard, kind),
      ]);
      return marker && kind.compare(marker, stored) > 0 ? marker : stored;
    }),
  );
  const staging = lit.ident(stagingTable(kind.table));
  const list = joinSql(
    columns.map((c) => lit.ident(c)),
    ", ",
  );
  return {
    start: cursors.reduce((a, b) => (kind.compare(a, b) <= 0 ? a : b), cursors[0] ?? kind.empty),
    write: async (body, last) => {
      await ch.command(chSql`TRUNCATE TABLE ${staging}`);
      await ch.insertCsv(stagingTable(kind.table), columns, body);
      // Every shard at the same cursor (all but the first batch after a shard fell behind):
      // the whole batch is above it, and nothing needs sorting out by shard.
      const first = cursors[0];
      const level = first !== undefined && cursors.every((c) => kind.compare(c, first) === 0);
      const missing = level
        ? chSql`1`
        : missingOnShard(cluster.layout, kind.customerColumn, cursors.map(kind.above));
      await ch.command(
        chSql`INSERT INTO ${lit.ident(kind.table)} (${list}) SELECT ${list} FROM ${staging}
              WHERE ${missing}`,
      );
      cursors.fill(last);
      await ch.command(chSql`TRUNCATE TABLE ${staging}`);
    },
    finish: async (copied) => {
      const last = cursors[0];
      if (!copied || last === undefined) return;
      await Promise.all(cluster.shards.map((shard) => writeMarker(shard, kind, last)));
    },
  };
}

async function readAppliedChange(ch: ClickHouse): Promise<number> {
  const [row] = await ch.query<{ id: string }>(
    chSql`SELECT toString(max(id)) AS id FROM sync_applied_changes`,
  );
  return Number(row?.id ?? 0);
}

// ------------------------------------------------------------------------------ the copies

/** Rows whose writing transaction has ended: nothing can ever commit below this again. */
const ENDED = sql.raw("pg_snapshot_xmin(pg_current_snapshot())");

/**
 * A batch leaves PostgreSQL as ONE value: its rows as CSV lines joined by string_agg, which
 * ClickHouse reads as they are (strings in double quotes with "" inside, NULL as \N), so no
 * row is parsed or formatted in JavaScript on the way. (COPY … TO STDOUT would be faster still,
 * but postgres.js 3.4 can leave the connection stuck after one: porsager/postgres#499.)
 */
interface Batch<C> {
  body: string;
  rows: number;
  last: C | null;
}

const csvText = (column: string) => `'"' || replace(${column}, '"', '""') || '"'`;
const csvNullable = (expression: string) => `coalesce((${expression})::text, '\\N')`;

const EVENT_COLUMNS = [
  "event_id",
  "customer_id",
  "touchpoint_id",
  "stage_id",
  "stage_explicit",
  "channel_id",
  "type",
  "occurred_us",
  "satisfaction",
  "revenue_cents",
  "properties",
  "sync_version",
] as const;

/**
 * occurred_us is computed exactly: whole seconds and the microseconds within the second are
 * integers in float8 (extract(epoch) * 1e6 is exact too, but numeric: it made the batch query
 * about twice as slow).
 */
const EVENT_LINE = sql.raw(`concat_ws(',', ${csvText("e.event_id")}, e.customer_id,
  e.touchpoint_id, e.stage_id, e.stage_explicit::int, e.channel_id, ${csvText("e.type")},
  date_part('epoch', date_trunc('second', e.occurred_at AT TIME ZONE 'UTC'))::int8 * 1000000
    + date_part('microseconds', e.occurred_at AT TIME ZONE 'UTC')::int8 % 1000000,
  ${csvNullable("e.satisfaction")}, ${csvNullable("(e.revenue * 100)::int8")},
  ${csvText("e.properties::text")}, e.sync_xid)`);

/**
 * The batch's last key first (an index scan of `limit` keys), then its rows by key range: the
 * aggregate needs no ordering, and both parts read the same snapshot (one statement).
 */
async function readEventBatch(
  db: Database,
  after: EventCursor,
  limit: number,
): Promise<Batch<EventCursor>> {
  const [row] = await queryRows<{ body: string | null; n: number; x: string; id: string }>(
    db,
    sql`WITH last AS (
          SELECT sync_xid, event_id FROM (
            SELECT sync_xid, event_id FROM events
            WHERE (sync_xid, event_id COLLATE "C") > (${after.xid}::xid8, ${after.eventId} COLLATE "C")
              AND sync_xid < ${ENDED}
            ORDER BY sync_xid, event_id COLLATE "C"
            LIMIT ${limit}) k
          ORDER BY sync_xid DESC, event_id COLLATE "C" DESC
          LIMIT 1)
        SELECT string_agg(${EVENT_LINE}, E'\n') AS body, count(*)::int AS n,
          min(last.sync_xid::text) AS x, min(last.event_id) AS id
        FROM last JOIN events e
          ON (e.sync_xid, e.event_id COLLATE "C") > (${after.xid}::xid8, ${after.eventId} COLLATE "C")
          AND (e.sync_xid, e.event_id COLLATE "C") <= (last.sync_xid, last.event_id COLLATE "C")`,
  );
  if (!row?.n || row.body === null) return { body: "", rows: 0, last: null };
  return { body: row.body, rows: row.n, last: { xid: row.x, eventId: row.id } };
}

const CUSTOMER_COLUMNS = ["id", "external_id", "persona_id", "attributes", "sync_version"] as const;

const CUSTOMER_LINE = sql.raw(`concat_ws(',', c.id, ${csvText("c.external_id")},
  coalesce(c.persona_id, 0), ${csvText("c.attributes::text")}, c.sync_xid)`);

async function readCustomerBatch(
  db: Database,
  after: CustomerCursor,
  limit: number,
): Promise<Batch<CustomerCursor>> {
  const [row] = await queryRows<{ body: string | null; n: number; x: string; id: number }>(
    db,
    sql`WITH last AS (
          SELECT sync_xid, id FROM (
            SELECT sync_xid, id FROM customers
            WHERE (sync_xid, id) > (${after.xid}::xid8, ${after.id}::int) AND sync_xid < ${ENDED}
            ORDER BY sync_xid, id
            LIMIT ${limit}) k
          ORDER BY sync_xid DESC, id DESC
          LIMIT 1)
        SELECT string_agg(${CUSTOMER_LINE}, E'\n') AS body, count(*)::int AS n,
          min(last.sync_xid::text) AS x, min(last.id) AS id
        FROM last JOIN customers c
          ON (c.sync_xid, c.id) > (${after.xid}::xid8, ${after.id}::int)
          AND (c.sync_xid, c.id) <= (last.sync_xid, last.id)`,
  );
  if (!row?.n || row.body === null) return { body: "", rows: 0, last: null };
  return { body: row.body, rows: row.n, last: { xid: row.x, id: Number(row.id) } };
}

/**
 * Copies batches until none is left, reading the next batch from PostgreSQL while the current
 * one goes into ClickHouse.
 */
async function copyAll<C>(
  read: (after: C) => Promise<Batch<C>>,
  write: (body: string, last: C) => Promise<void>,
  start: C,
  limit: number,
  onBatch: (rows: number) => void,
  signal: AbortSignal | undefined,
): Promise<number> {
  let copied = 0;
  let batch = await read(start);
  while (batch.last) {
    signal?.throwIfAborted();
    const next =
      batch.rows === limit
        ? read(batch.last)
        : Promise.resolve<Batch<C>>({ body: "", rows: 0, last: null });
    // A rejected read must not go unobserved while the write is in flight.
    next.catch(() => {});
    await write(batch.body, batch.last);
    copied += batch.rows;
    onBatch(batch.rows);
    batch = await next;
  }
  return copied;
}

// ----------------------------------------------------------------------------- the changes

interface ChangeRow {
  id: string;
  kind: "stage" | "channel" | "reset";
  touchpoint_id: number | null;
  to_id: number | null;
  from_id: number | null;
  xid: string;
  xmin: string;
  xmax: string;
  xip: string[] | string;
  ended: boolean;
}

/** The changes after `applied`, in log order, up to the first one whose transaction is open. */
async function readChanges(db: Database, applied: number): Promise<ChangeRow[]> {
  const rows = await queryRows<ChangeRow>(
    db,
    sql`SELECT id::text AS id, kind, touchpoint_id, to_id, from_id, xid::text AS xid,
          pg_snapshot_xmin(snapshot)::text AS xmin, pg_snapshot_xmax(snapshot)::text AS xmax,
          ARRAY(SELECT x::text FROM pg_snapshot_xip(snapshot) AS x) AS xip,
          xid < ${ENDED} AS ended
        FROM analytics_changes WHERE id > ${applied} ORDER BY id LIMIT 1000`,
  );
  const open = rows.findIndex((r) => !r.ended);
  return open === -1 ? rows : rows.slice(0, open);
}

/** postgres.js brings text[] back as an array; PGlite may bring its text form. */
function textArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, "");
  return inner ? inner.split(",") : [];
}

/** The rows the logged statement could see: PostgreSQL's visibility rule for its snapshot. */
function visibleTo(change: ChangeRow): ChSql {
  const xip = textArray(change.xip).map((x) => lit.uint(BigInt(x)));
  const running = xip.length ? chSql` AND sync_version NOT IN (${joinSql(xip, ", ")})` : chSql``;
  return chSql`(sync_version < ${lit.uint(BigInt(change.xmin))}
    OR (sync_version < ${lit.uint(BigInt(change.xmax))}${running})
    OR sync_version = ${lit.uint(BigInt(change.xid))})`;
}

function moveStatement(change: ChangeRow, table = "events"): ChSql | null {
  if (change.touchpoint_id === null || change.to_id === null) return null;
  const touchpoint = lit.uint(change.touchpoint_id);
  const to = lit.uint(change.to_id);
  if (change.kind === "stage") {
    // PostgreSQL's predicate also says `stage_id <> new`: rows already there stay the same
    // either way, and leaving it out keeps the replay free of the rows' current values.
    return chSql`ALTER TABLE ${lit.ident(table)} UPDATE stage_id = ${to}
      WHERE touchpoint_id = ${touchpoint} AND stage_explicit = 0 AND ${visibleTo(change)}`;
  }
  if (change.kind === "channel" && change.from_id !== null) {
    return chSql`ALTER TABLE ${lit.ident(table)} UPDATE channel_id = ${to}
      WHERE touchpoint_id = ${touchpoint} AND channel_id = ${lit.uint(change.from_id)}
        AND ${visibleTo(change)}`;
  }
  return null;
}

const MUTATION_TIMEOUT_MS = 10 * 60_000;

/** ALTER … UPDATE returns before the rewrite is done; the next step must see it done. */
async function waitForMutations(ch: ClickHouse, table: string): Promise<void> {
  const started = Date.now();
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    const [row] = await ch.query<{ n: number }>(
      chSql`SELECT toUInt32(count()) AS n FROM system.mutations
            WHERE database = ${lit.str(ch.database)} AND table = ${lit.str(table)} AND is_done = 0`,
    );
    if (!row?.n) return;
    if (Date.now() - started > MUTATION_TIMEOUT_MS) {
      throw new Error(`ClickHouse has not finished updating ${table} after 10 minutes`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

const RESET_TABLES = ["events", "customers"] as const;

/**
 * On a cluster, each shard's local tables; a reset also sets each shard's cursor marker back,
 * or the next pass would resume where the emptied copy had been.
 */
async function applyChange(
  ch: ClickHouse,
  change: ChangeRow,
  cluster: Cluster | null,
): Promise<void> {
  const targets = cluster ? cluster.shards : [ch];
  const name = (table: string) => (cluster ? localTable(table) : table);
  for (const target of targets) {
    if (change.kind === "reset") {
      for (const table of RESET_TABLES) {
        await target.command(chSql`TRUNCATE TABLE ${lit.ident(name(table))}`);
      }
      if (cluster) {
        await writeMarker(target, EVENT_KIND, EVENT_KIND.empty);
        await writeMarker(target, CUSTOMER_KIND, CUSTOMER_KIND.empty);
      }
    } else {
      const statement = moveStatement(change, name("events"));
      if (!statement) throw new Error(`analytics change ${change.id} is incomplete`);
      await target.command(statement);
      await waitForMutations(target, name("events"));
    }
  }
  await ch.insert("sync_applied_changes", [{ id: change.id, applied_us: Date.now() * 1000 }]);
}

// ---------------------------------------------------------------------------- the catalogue

const CATALOGUE: readonly { table: string; query: SQL }[] = [
  {
    table: "stages",
    query: sql`SELECT json_build_object('id', id, 'key', key, 'name', name, 'position', position,
      'is_conversion', is_conversion::int)::text AS line FROM stages ORDER BY id`,
  },
  {
    table: "channels",
    query: sql`SELECT json_build_object('id', id, 'key', key, 'name', name)::text AS line
      FROM channels ORDER BY id`,
  },
  {
    table: "touchpoints",
    query: sql`SELECT json_build_object('id', id, 'key', key, 'name', name,
      'channel_id', channel_id, 'stage_id', stage_id)::text AS line FROM touchpoints ORDER BY id`,
  },
  {
    table: "personas",
    query: sql`SELECT json_build_object('id', id, 'key', key, 'name', name, 'priority', priority,
      'archived', (archived_at IS NOT NULL)::int)::text AS line FROM personas ORDER BY id`,
  },
];

const CATALOGUE_KEY = "catalogue_sha256";

/**
 * The catalogue is small: when its rows differ from the copy's (a fingerprint kept in
 * sync_state), each table is filled anew beside the old one and swapped in by RENAME, so
 * readers never see it empty.
 */
async function copyCatalogue(db: Database, ch: ClickHouse): Promise<boolean> {
  const tables: { table: string; lines: string[] }[] = [];
  const hash = createHash("sha256");
  for (const { table, query } of CATALOGUE) {
    const lines = (await queryRows<{ line: string }>(db, query)).map((r) => r.line);
    tables.push({ table, lines });
    hash.update(`${table}\n${lines.join("\n")}\n`);
  }
  const fingerprint = hash.digest("hex");
  // Aliases differ from the columns: 18.16 resolves an alias before the column it shadows.
  const [state] = await ch.query<{ current: string; latest: string }>(
    chSql`SELECT argMax(value, version) AS current, toString(max(version)) AS latest
          FROM sync_state WHERE key = ${lit.str(CATALOGUE_KEY)}`,
  );
  if (state?.current === fingerprint) return false;
  for (const { table, lines } of tables) {
    const next = lit.ident(`${table}_next`);
    const previous = lit.ident(`${table}_previous`);
    await ch.command(chSql`DROP TABLE IF EXISTS ${next}`);
    await ch.command(chSql`DROP TABLE IF EXISTS ${previous}`);
    await ch.command(chSql`CREATE TABLE ${next} AS ${lit.ident(table)}`);
    await ch.insertLines(`${table}_next`, lines);
    await ch.command(
      chSql`RENAME TABLE ${lit.ident(table)} TO ${previous}, ${next} TO ${lit.ident(table)}`,
    );
    await ch.command(chSql`DROP TABLE ${previous}`);
  }
  await ch.insert("sync_state", [
    { key: CATALOGUE_KEY, value: fingerprint, version: String(BigInt(state?.latest ?? 0) + 1n) },
  ]);
  return true;
}

// -------------------------------------------------------------------------------- the lock

const LOCKS = Symbol.for("parcours.clickhouseSync.locks");
type GlobalWithLocks = typeof globalThis & { [LOCKS]?: Map<string, Promise<void>> };

function inProcessLocks(): Map<string, Promise<void>> {
  const g = globalThis as GlobalWithLocks;
  g[LOCKS] ??= new Map();
  return g[LOCKS];
}

async function withSyncLock<T>(
  db: Database,
  ch: ClickHouse,
  wait: boolean,
  work: () => Promise<T>,
): Promise<T> {
  // By database name alone: two URLs for one server (localhost, 127.0.0.1) must not let two
  // syncs into the same database run at once; same-named databases elsewhere merely take turns.
  const key = ch.database;
  const locks = inProcessLocks();
  while (locks.has(key)) {
    if (!wait) throw new SyncBusyError(`a sync into ${ch.location} is already running here`);
    await locks.get(key)?.catch(() => {});
  }
  let release = () => {};
  locks.set(key, new Promise<void>((resolve) => (release = resolve)));
  try {
    const client = (db as { $client?: unknown }).$client;
    if (client instanceof PGlite) return await work();
    const reserved = await (client as postgres.Sql).reserve();
    try {
      const name = `parcours.analytics.sync:${key}`;
      if (wait) {
        await reserved`SELECT pg_advisory_lock(hashtextextended(${name}, 0))`;
      } else {
        const [row] = await reserved<{ ok: boolean }[]>`
          SELECT pg_try_advisory_lock(hashtextextended(${name}, 0)) AS ok`;
        if (!row?.ok) {
          throw new SyncBusyError(`another process is syncing into ${ch.location}`);
        }
      }
      try {
        return await work();
      } finally {
        await reserved`SELECT pg_advisory_unlock(hashtextextended(${name}, 0))`.catch(() => {});
      }
    } finally {
      reserved.release();
    }
  } finally {
    locks.delete(key);
    release();
  }
}

// ------------------------------------------------------------------------------------ sync

/**
 * Brings ClickHouse up to date with every transaction that has ended: replays logged changes,
 * copies new events and customer versions, and the catalogue when it changed. Safe to stop at
 * any point (kill -9 included) and to run again.
 */
export async function syncToClickHouse(
  db: Database,
  ch: ClickHouse,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const limit = options.batchRows ?? defaultBatchRows(db);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_BATCH_ROWS) {
    throw new RangeError(`batchRows must be between 1 and ${MAX_BATCH_ROWS}`);
  }
  const started = Date.now();
  return withSyncLock(db, ch, options.waitForLock ?? false, async () => {
    const layout = await readClusterLayout(ch);
    const cluster = layout ? { layout, shards: openShards(ch, layout) } : null;
    try {
      return await syncPass(db, ch, cluster, limit, started, options);
    } finally {
      if (cluster) await closeShards(cluster.shards);
    }
  });
}

async function syncPass(
  db: Database,
  ch: ClickHouse,
  cluster: Cluster | null,
  limit: number,
  started: number,
  options: SyncOptions,
): Promise<SyncResult> {
  const progress: SyncProgress = { events: 0, customers: 0, changes: 0 };
  // ClickHouse answers from a copy made after PostgreSQL's commit: a metric computed there in
  // between was cached under the version that commit set. Moving the version on once each
  // batch is in ClickHouse means such an answer is never served again (queries/data-version.ts).
  let advanced = Promise.resolve();
  const copied = () => {
    advanced = advanced.then(() => advanceDataVersion(db));
  };
  const report = () => {
    copied();
    options.onProgress?.({ ...progress });
  };
  let resets = 0;

  let applied = await readAppliedChange(ch);
  for (;;) {
    const changes = await readChanges(db, applied);
    if (changes.length === 0) break;
    for (const change of changes) {
      options.signal?.throwIfAborted();
      await applyChange(ch, change, cluster);
      if (change.kind === "reset") resets += 1;
      applied = Number(change.id);
      progress.changes += 1;
      report();
    }
  }

  // Every shard keeps its own copy of the small catalogue (and its own fingerprint).
  let catalogueCopied = false;
  for (const target of cluster ? cluster.shards : [ch]) {
    if (await copyCatalogue(db, target)) catalogueCopied = true;
  }
  if (catalogueCopied) copied();
  const [customerTarget, eventTarget] = await Promise.all([
    cluster
      ? shardedTarget(ch, cluster, CUSTOMER_KIND, CUSTOMER_COLUMNS)
      : singleTarget(ch, CUSTOMER_KIND, CUSTOMER_COLUMNS),
    cluster
      ? shardedTarget(ch, cluster, EVENT_KIND, EVENT_COLUMNS)
      : singleTarget(ch, EVENT_KIND, EVENT_COLUMNS),
  ]);
  // Independent tables: both copies run at once (each still one insert per batch; on
  // PostgreSQL each on a connection of its own from the pool). Both are
  // waited for, even when one fails, before the lock and the connections are let go.
  const copies = await Promise.allSettled([
    copyAll(
      (after: CustomerCursor) => readCustomerBatch(db, after, limit),
      customerTarget.write,
      customerTarget.start,
      limit,
      (n) => {
        progress.customers += n;
        report();
      },
      options.signal,
    ),
    copyAll(
      (after: EventCursor) => readEventBatch(db, after, limit),
      eventTarget.write,
      eventTarget.start,
      limit,
      (n) => {
        progress.events += n;
        report();
      },
      options.signal,
    ),
  ]);
  await advanced;
  for (const copy of copies) if (copy.status === "rejected") throw copy.reason;
  await customerTarget.finish(progress.customers > 0);
  await eventTarget.finish(progress.events > 0);
  return { ...progress, catalogueCopied, resets, ms: Date.now() - started };
}

// ---------------------------------------------------------------------------------- status

export interface SyncStatus {
  clickhouse: string;
  /** Events in PostgreSQL not yet in ClickHouse (including those of open transactions). */
  pendingEvents: number;
  /** Customer versions not yet copied. */
  pendingCustomers: number;
  /** Logged moves and resets not yet replayed. */
  pendingChanges: number;
  /** Seconds since the oldest event not yet copied was ingested (0 when none is waiting). */
  lagSeconds: number;
  /** Events in ClickHouse. */
  copiedEvents: number;
  cursor: EventCursor;
}

/** Where the next pass resumes: on a cluster, the shard furthest behind. */
async function resumePoints(
  ch: ClickHouse,
): Promise<{ events: EventCursor; customers: CustomerCursor }> {
  const layout = await readClusterLayout(ch);
  if (!layout) {
    const [events, customers] = await Promise.all([readEventCursor(ch), readCustomerCursor(ch)]);
    return { events, customers };
  }
  const cluster = { layout, shards: openShards(ch, layout) };
  try {
    const [events, customers] = await Promise.all([
      shardedTarget(ch, cluster, EVENT_KIND, EVENT_COLUMNS),
      shardedTarget(ch, cluster, CUSTOMER_KIND, CUSTOMER_COLUMNS),
    ]);
    return { events: events.start, customers: customers.start };
  } finally {
    await closeShards(cluster.shards);
  }
}

export async function readSyncStatus(db: Database, ch: ClickHouse): Promise<SyncStatus> {
  const [{ events: cursor, customers: customerCursor }, applied, copied] = await Promise.all([
    resumePoints(ch),
    readAppliedChange(ch),
    ch.query<{ n: string }>(chSql`SELECT toString(count()) AS n FROM events`),
  ]);
  const [row] = await queryRows<{
    events: number;
    oldest: number | null;
    customers: number;
    changes: number;
  }>(
    db,
    sql`SELECT
          (SELECT count(*)::int FROM events
            WHERE (sync_xid, event_id COLLATE "C") > (${cursor.xid}::xid8, ${cursor.eventId} COLLATE "C")) AS events,
          (SELECT extract(epoch FROM now() - min(ingested_at))::float8 FROM events
            WHERE (sync_xid, event_id COLLATE "C") > (${cursor.xid}::xid8, ${cursor.eventId} COLLATE "C")) AS oldest,
          (SELECT count(*)::int FROM customers
            WHERE (sync_xid, id) > (${customerCursor.xid}::xid8, ${customerCursor.id}::int)) AS customers,
          (SELECT count(*)::int FROM analytics_changes WHERE id > ${applied}) AS changes`,
  );
  return {
    clickhouse: ch.location,
    pendingEvents: row?.events ?? 0,
    pendingCustomers: row?.customers ?? 0,
    pendingChanges: row?.changes ?? 0,
    lagSeconds: Math.max(0, row?.oldest ?? 0),
    copiedEvents: Number(copied[0]?.n ?? 0),
    cursor,
  };
}
