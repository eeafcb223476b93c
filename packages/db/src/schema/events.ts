import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { xid8 } from "./analytics-sync";
import { customers } from "./people";

/**
 * One customer interaction. Stage and channel are resolved at ingestion (the touchpoint's,
 * unless the event names its own) so that every metric scans this table alone.
 */
export const events = pgTable(
  "events",
  {
    /** The sender's id: the idempotency key, so a retried event is stored once. */
    eventId: text().primaryKey(),
    customerId: integer()
      .notNull()
      .references(() => customers.id),
    // Catalogue ids are resolved by the ingestion code, and catalogue rows are never deleted
    // (only renamed, moved or archived): foreign keys here tripled the cost of bulk inserts.
    touchpointId: integer().notNull(),
    stageId: integer().notNull(),
    /** True when the event carried its own stage rather than inheriting the touchpoint's. */
    stageExplicit: boolean().notNull().default(false),
    channelId: integer().notNull(),
    type: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    satisfaction: smallint(),
    revenue: numeric({ precision: 14, scale: 2 }),
    /**
     * The customer's own words with a rating (a survey's free text, a review). Personal data:
     * shown to managers and admins only, and erased with the customer (docs/privacy.md).
     */
    comment: text(),
    properties: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ingestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The inserting transaction, for the ClickHouse sync (see analytics-sync.ts). */
    syncXid: xid8().notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    check("events_event_id_length", sql`length(${t.eventId}) between 1 and 200`),
    check("events_type_format", sql`${t.type} ~ '^[a-z][a-z0-9_]{0,39}$'`),
    check("events_satisfaction_range", sql`${t.satisfaction} between 1 and 5`),
    check("events_comment_length", sql`length(${t.comment}) between 1 and 2000`),
    check("events_properties_object", sql`jsonb_typeof(${t.properties}) = 'object'`),
    // Period scans (KPIs, heatmap, emotion) and per-customer time-ordered scans (funnels).
    index("events_occurred_at_idx").on(t.occurredAt),
    index("events_customer_time_idx").on(t.customerId, t.occurredAt),
    // Comments are few: a cell's or a pain point's comments are found without a period scan.
    index("events_comment_idx")
      .on(t.stageId, t.touchpointId, t.occurredAt)
      .where(sql`${t.comment} IS NOT NULL`),
    // The sync's cursor order. "C": byte order, the order ClickHouse compares strings in, so
    // the greatest (sync_version, event_id) there is the last row copied from here.
    index("events_sync_idx").on(t.syncXid, sql`${t.eventId} COLLATE "C"`),
  ],
);
