import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * Keys for the ingestion endpoints. The key itself is shown once; only its SHA-256 is kept
 * (keys are 256 random bits, so a fast hash is enough and keeps each request cheap).
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    /** The first characters of the key, so that people can tell their keys apart. */
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    createdById: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [check("api_keys_name_length", sql`length(${t.name}) between 1 and 100`)],
);

/** One row (id 1): switches admins set for ingestion. */
export const ingestionSettings = pgTable(
  "ingestion_settings",
  {
    id: smallint().primaryKey().default(1),
    /** Unknown touchpoint keys create a touchpoint (to be placed by an admin) instead of a rejection. */
    autoCreateTouchpoints: boolean().notNull().default(false),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("ingestion_settings_single_row", sql`${t.id} = 1`)],
);

/** How a Segment `track` event name becomes a Parcours event; overrides the built-in defaults. */
export const segmentMappings = pgTable(
  "segment_mappings",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    eventName: text().notNull().unique(),
    touchpointKey: text().notNull(),
    type: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("segment_mappings_name_length", sql`length(${t.eventName}) between 1 and 200`),
    check("segment_mappings_type_format", sql`${t.type} ~ '^[a-z][a-z0-9_]{0,39}$'`),
  ],
);

/**
 * Segment messages whose event name has no mapping yet: kept whole, listed for admins, and
 * stored as events once a mapping exists. Keyed by messageId, so retries are kept once.
 */
export const segmentUnmapped = pgTable(
  "segment_unmapped",
  {
    messageId: text().primaryKey(),
    eventName: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("segment_unmapped_name_idx").on(t.eventName, t.receivedAt)],
);
