import type { TStageMetric } from "@parcours/validators";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** Keys are the stable identifiers used in URLs, the CLI and the interchange format. */
const keyCheck = (name: string, column: string) =>
  check(name, sql.raw(`${column} ~ '^[a-z0-9][a-z0-9_-]{0,62}$'`));

export const channels = pgTable(
  "channels",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    key: text().notNull().unique(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  () => [keyCheck("channels_key_format", "key")],
);

export const stages = pgTable(
  "stages",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    key: text().notNull().unique(),
    name: text().notNull(),
    position: integer().notNull(),
    goal: text().notNull().default(""),
    actions: text().array().notNull().default(sql`'{}'::text[]`),
    /** The stage whose reach counts as a conversion (KPIs, persona conversion rate). */
    isConversion: boolean().notNull().default(false),
    /** The stage's measured metrics and targets (validators' ZStageMetricListSchema). */
    metrics: jsonb().$type<TStageMetric[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    keyCheck("stages_key_format", "key"),
    check("stages_position_non_negative", sql`${t.position} >= 0`),
    // At most one conversion stage: the metrics need exactly one, the catalogue editor swaps it.
    uniqueIndex("stages_single_conversion").on(t.isConversion).where(sql`${t.isConversion}`),
  ],
);

export const touchpoints = pgTable(
  "touchpoints",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    key: text().notNull().unique(),
    name: text().notNull(),
    channelId: integer()
      .notNull()
      .references(() => channels.id),
    stageId: integer()
      .notNull()
      .references(() => stages.id),
    /**
     * Set when ingestion created the touchpoint for an unknown key (admins can turn that on):
     * it then waits in the catalogue editor for an admin to name it and place it in a stage.
     */
    autoCreatedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  () => [keyCheck("touchpoints_key_format", "key")],
);
