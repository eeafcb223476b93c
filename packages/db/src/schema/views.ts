import {
  SHARE_COMMENTS,
  type TAnnotationTarget,
  type TViewFilters,
  type TViewPeriod,
  type TViewStep,
} from "@parcours/validators";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

/** A journey view that managers save and share: the same numbers in front of everyone. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    description: text().notNull().default(""),
    ownerId: integer()
      .notNull()
      .references(() => users.id),
    /** `private`: its owner (and admins); `team`: every signed-in user. */
    visibility: text().$type<"private" | "team">().notNull().default("private"),
    period: jsonb().$type<TViewPeriod>().notNull(),
    filters: jsonb().$type<TViewFilters>().notNull().default({ personas: [], channels: [] }),
    steps: jsonb().$type<TViewStep[]>().notNull().default([]),
    windowSeconds: integer()
      .notNull()
      .default(30 * 86_400),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("saved_views_name_length", sql`length(${t.name}) between 1 and 120`),
    check("saved_views_visibility", sql`${t.visibility} in ('private', 'team')`),
    check("saved_views_window_positive", sql`${t.windowSeconds} > 0`),
    index("saved_views_owner_idx").on(t.ownerId),
  ],
);

/**
 * Read-only links to one view. The token is shown once; only its SHA-256 is kept, so a leaked
 * database does not leak working links.
 */
export const shareLinks = pgTable(
  "share_links",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    viewId: integer()
      .notNull()
      .references(() => savedViews.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    /** The first characters of the token, to tell links apart in the list. */
    prefix: text().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    lastOpenedAt: timestamp({ withTimezone: true }),
    /** Links made before this column show no comments, as new links do unless asked. */
    comments: text({ enum: SHARE_COMMENTS }).notNull().default("none"),
    /**
     * Whether the link shows the customers' own feedback comments (personal data): only when the
     * sharer opted in, never for links made before this column; never with customer ids.
     */
    customerComments: boolean().notNull().default(false),
  },
  (t) => [
    index("share_links_view_idx").on(t.viewId),
    check("share_links_comments_known", sql`${t.comments} in ('none', 'anonymous', 'named')`),
  ],
);

/** Comments and opportunities on a view, in threads; resolvable. */
export const annotations = pgTable(
  "annotations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    viewId: integer()
      .notNull()
      .references(() => savedViews.id, { onDelete: "cascade" }),
    /** The first comment of the thread; null for the first comment itself. */
    parentId: integer().references((): AnyPgColumn => annotations.id, { onDelete: "cascade" }),
    kind: text().$type<"comment" | "opportunity">().notNull().default("comment"),
    target: jsonb().$type<TAnnotationTarget>().notNull(),
    body: text().notNull(),
    authorId: integer()
      .notNull()
      .references(() => users.id),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedById: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("annotations_body_length", sql`length(${t.body}) between 1 and 5000`),
    check("annotations_kind", sql`${t.kind} in ('comment', 'opportunity')`),
    index("annotations_view_idx").on(t.viewId, t.createdAt),
  ],
);
