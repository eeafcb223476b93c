import type { TActionMetric, TActionStatus } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { annotations } from "./views";

/**
 * An opportunity as an action (issue 18 item 2): one row per opportunity that somebody took in
 * hand. An opportunity without a row is an idea with no owner, no due date and no metric.
 * The dates of each step are kept, so its metric can be read as it was when the action was
 * planned and before and after it was done.
 */
export const opportunityActions = pgTable(
  "opportunity_actions",
  {
    annotationId: integer()
      .primaryKey()
      .references(() => annotations.id, { onDelete: "cascade" }),
    status: text().$type<TActionStatus>().notNull().default("idea"),
    ownerId: integer().references(() => users.id, { onDelete: "set null" }),
    dueDate: date({ mode: "string" }),
    /** The stage metric it should move, by keys (the stage's metrics live in the catalogue). */
    metric: jsonb().$type<TActionMetric>(),
    /** When it last became planned, in progress, done or dropped (kept when it moves on). */
    plannedAt: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    doneAt: timestamp({ withTimezone: true }),
    droppedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "opportunity_actions_status",
      sql`${t.status} in ('idea', 'planned', 'in_progress', 'done', 'dropped')`,
    ),
    index("opportunity_actions_owner_idx").on(t.ownerId),
  ],
);
