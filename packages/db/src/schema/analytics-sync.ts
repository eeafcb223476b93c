import { sql } from "drizzle-orm";
import { bigint, check, customType, integer, pgTable, text } from "drizzle-orm/pg-core";

/**
 * A transaction id (xid8: 64 bits, never wraps). Rows carry the id of the transaction that
 * last wrote them, so the ClickHouse sync can copy in transaction order and read only rows
 * whose transaction has ended (ids below the current snapshot's xmin), never skipping a row
 * that commits after a later one.
 */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => "xid8",
});

/** pg_snapshot: the transactions a statement could see (xmin:xmax:in-progress list). */
export const pgSnapshot = customType<{ data: string; driverData: string }>({
  dataType: () => "pg_snapshot",
});

export const ANALYTICS_CHANGE_KINDS = ["stage", "channel", "reset"] as const;
export type AnalyticsChangeKind = (typeof ANALYTICS_CHANGE_KINDS)[number];

/**
 * Writes to events the ClickHouse sync cannot see from sync_xid alone, replayed there in id
 * order: a touchpoint's history moving to another stage or channel (one row per UPDATE,
 * written by the same statement, so `snapshot` is the UPDATE's own and tells exactly which
 * rows it could touch), and TRUNCATE (a trigger).
 */
export const analyticsChanges = pgTable(
  "analytics_changes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    xid: xid8().notNull().default(sql`pg_current_xact_id()`),
    snapshot: pgSnapshot().notNull().default(sql`pg_current_snapshot()`),
    kind: text().$type<AnalyticsChangeKind>().notNull(),
    touchpointId: integer(),
    /** stage: the new stage id. channel: the new channel id. */
    toId: integer(),
    /** channel: the channel the moving events are on (the touchpoint's before the move). */
    fromId: integer(),
  },
  (t) => [
    check("analytics_changes_kind_known", sql`${t.kind} in ('stage', 'channel', 'reset')`),
    check(
      "analytics_changes_move_complete",
      sql`${t.kind} = 'reset' OR (${t.touchpointId} IS NOT NULL AND ${t.toId} IS NOT NULL AND (${t.kind} = 'stage' OR ${t.fromId} IS NOT NULL))`,
    ),
  ],
);
