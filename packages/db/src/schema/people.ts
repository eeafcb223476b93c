import type { TPersonaRules } from "@parcours/validators";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { xid8 } from "./analytics-sync";

export const personas = pgTable(
  "personas",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    key: text().notNull().unique(),
    name: text().notNull(),
    description: text().notNull().default(""),
    goals: text().array().notNull().default(sql`'{}'::text[]`),
    needs: text().array().notNull().default(sql`'{}'::text[]`),
    painPoints: text().array().notNull().default(sql`'{}'::text[]`),
    colour: text().notNull(),
    /** Lower numbers are tried first when rules assign customers. */
    priority: integer().notNull().default(100),
    rules: jsonb().$type<TPersonaRules>().notNull().default({ match: "all", conditions: [] }),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("personas_key_format", sql`${t.key} ~ '^[a-z0-9][a-z0-9_-]{0,62}$'`),
    check("personas_colour_hex", sql`${t.colour} ~ '^#[0-9a-fA-F]{6}$'`),
  ],
);

export const customers = pgTable(
  "customers",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The retailer's own identifier; the interchange format's customer_id. */
    externalId: text().notNull().unique(),
    attributes: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    personaId: integer().references(() => personas.id),
    /** Set when an admin pinned the persona by hand: rule re-evaluation leaves it alone. */
    personaManual: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * The transaction that last wrote the row (a trigger stamps every UPDATE: persona
     * reassignments, attribute upserts), for the ClickHouse sync (see analytics-sync.ts).
     */
    syncXid: xid8().notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    check("customers_external_id_length", sql`length(${t.externalId}) between 1 and 200`),
    check("customers_attributes_object", sql`jsonb_typeof(${t.attributes}) = 'object'`),
    index("customers_persona_idx").on(t.personaId),
    // Lets the per-persona aggregates read each customer's persona from this narrow index
    // (an index-only scan) instead of the table, whose attributes make it wide.
    index("customers_id_persona_idx").on(t.id, t.personaId),
    index("customers_sync_idx").on(t.syncXid, t.id),
  ],
);
