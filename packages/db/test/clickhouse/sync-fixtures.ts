import { sql } from "drizzle-orm";
import type { ClickHouse } from "../../src/analytics/clickhouse/client";
import { chSql } from "../../src/analytics/clickhouse/literal";
import {
  readSyncStatus,
  type SyncOptions,
  type SyncResult,
  syncToClickHouse,
} from "../../src/analytics/clickhouse/sync";
import { type Database, queryRows } from "../../src/client";

/** Event rows as ClickHouse's JSON brings them back (64-bit integers as strings). */
export interface CopiedEvent {
  event_id: string;
  customer_id: number;
  touchpoint_id: number;
  stage_id: number;
  stage_explicit: number;
  channel_id: number;
  type: string;
  occurred_us: string;
  satisfaction: number | null;
  revenue_cents: string | null;
  properties: unknown;
}

/** PostgreSQL's events in the same shape, ordered by event_id in byte order. */
export async function postgresEvents(db: Database): Promise<CopiedEvent[]> {
  const rows = await queryRows<CopiedEvent & { properties: string }>(
    db,
    sql`SELECT event_id, customer_id, touchpoint_id, stage_id, stage_explicit::int AS stage_explicit,
          channel_id, type, ((extract(epoch FROM occurred_at) * 1000000)::bigint)::text AS occurred_us,
          satisfaction::int AS satisfaction, ((revenue * 100)::bigint)::text AS revenue_cents,
          properties::text AS properties
        FROM events ORDER BY event_id COLLATE "C"`,
  );
  return rows.map((r) => ({ ...r, properties: JSON.parse(r.properties) }));
}

export async function clickHouseEvents(ch: ClickHouse): Promise<CopiedEvent[]> {
  const rows = await ch.query<CopiedEvent & { properties: string }>(
    chSql`SELECT event_id, customer_id, touchpoint_id, stage_id, stage_explicit, channel_id, type,
            toString(occurred_us) AS occurred_us, satisfaction,
            if(isNull(revenue_cents), NULL, toString(revenue_cents)) AS revenue_cents, properties
          FROM events ORDER BY event_id`,
  );
  return rows.map((r) => ({ ...r, properties: JSON.parse(r.properties) }));
}

/** How many rows ClickHouse holds and how many distinct event ids: equal means no doubles. */
export async function eventCounts(ch: ClickHouse): Promise<{ rows: number; distinct: number }> {
  const [row] = await ch.query<{ rows: string; distinct: string }>(
    chSql`SELECT toString(count()) AS rows, toString(uniqExact(event_id)) AS distinct FROM events`,
  );
  return { rows: Number(row?.rows ?? 0), distinct: Number(row?.distinct ?? 0) };
}

/** Current persona per customer in ClickHouse (newest version), external id → persona id. */
export async function clickHousePersonas(ch: ClickHouse): Promise<Record<string, number>> {
  const rows = await ch.query<{ external_id: string; persona_id: number }>(
    chSql`SELECT argMax(external_id, sync_version) AS external_id,
            argMax(persona_id, sync_version) AS persona_id
          FROM customers GROUP BY id`,
  );
  return Object.fromEntries(rows.map((r) => [r.external_id, r.persona_id]));
}

export async function postgresPersonas(db: Database): Promise<Record<string, number>> {
  const rows = await queryRows<{ external_id: string; persona_id: number }>(
    db,
    sql`SELECT external_id, coalesce(persona_id, 0) AS persona_id FROM customers`,
  );
  return Object.fromEntries(rows.map((r) => [r.external_id, r.persona_id]));
}

/**
 * Inserts `count` events straight into PostgreSQL (one statement), for customers c0…c(n-1),
 * with microsecond timestamps, cents, and ids and properties holding quotes, backslashes and
 * control characters (COPY escapes them); the catalogue must exist.
 */
export async function insertRawEvents(
  db: Database,
  options: { prefix: string; count: number; customers?: number },
): Promise<void> {
  const customers = options.customers ?? 50;
  await queryRows(
    db,
    sql`INSERT INTO customers (external_id)
        SELECT 'c' || g FROM generate_series(0, ${customers - 1}) g
        ON CONFLICT (external_id) DO NOTHING`,
  );
  await queryRows(
    db,
    sql`INSERT INTO events (event_id, customer_id, touchpoint_id, stage_id, channel_id, type,
          occurred_at, satisfaction, revenue, properties)
        SELECT ${options.prefix} || g || CASE g % 5 WHEN 0 THEN 'é' WHEN 1 THEN 'Z''"\\'
            WHEN 2 THEN '_a' WHEN 3 THEN chr(9) || chr(10) || chr(11) || chr(13) || chr(8) ELSE '' END,
          c.id, t.id, t.stage_id, t.channel_id, 'view',
          timestamptz '2021-01-04 00:00:00+00' + g * interval '1 minute 0.000123 second',
          CASE WHEN g % 3 = 0 THEN NULL ELSE 1 + g % 5 END,
          CASE WHEN g % 2 = 0 THEN NULL ELSE (g * 1.01)::numeric(14, 2) END,
          jsonb_build_object('n', g, 'quote', 'it''s', 'control', 'a' || chr(9) || chr(10) || '\\b')
        FROM generate_series(1, ${options.count}) g
        JOIN customers c ON c.external_id = 'c' || (g % ${customers})
        JOIN touchpoints t ON t.id = (SELECT min(id) FROM touchpoints) + g % 3`,
  );
}

/**
 * Syncs until nothing is pending, adding up what each pass copied. On a PostgreSQL server a
 * pass copies only rows older than every open transaction of the whole cluster (other test
 * files' included), so one pass may stop short; this waits them out (up to `timeoutMs`).
 */
export async function syncFully(
  db: Database,
  ch: ClickHouse,
  options: SyncOptions = {},
  timeoutMs = 60_000,
): Promise<SyncResult> {
  const total: SyncResult = {
    events: 0,
    customers: 0,
    changes: 0,
    resets: 0,
    catalogueCopied: false,
    ms: 0,
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pass = await syncToClickHouse(db, ch, options);
    total.events += pass.events;
    total.customers += pass.customers;
    total.changes += pass.changes;
    total.resets += pass.resets;
    total.catalogueCopied ||= pass.catalogueCopied;
    total.ms += pass.ms;
    const status = await readSyncStatus(db, ch);
    if (!status.pendingEvents && !status.pendingCustomers && !status.pendingChanges) return total;
    if (Date.now() > deadline) {
      throw new Error(`sync still behind after ${timeoutMs} ms: ${JSON.stringify(status)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Syncs until `done` holds (a row that must arrive while another transaction stays open). */
export async function syncUntil(
  db: Database,
  ch: ClickHouse,
  done: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await syncToClickHouse(db, ch);
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`sync did not get there in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
