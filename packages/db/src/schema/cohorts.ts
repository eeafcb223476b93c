import type { TCohortKind, TCohortRule } from "@parcours/validators";
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { customers } from "./people";

/**
 * A named group of customers, a filter beside persona and channel (issue 19 item 3). Static:
 * its members are the rows of cohort_members, as of saving. Dynamic: `rule`, evaluated over
 * each query's period.
 */
export const cohorts = pgTable(
  "cohorts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    kind: text().$type<TCohortKind>().notNull(),
    /** The rule (dynamic; or, for a static cohort saved from a rule, the rule it was made by). */
    rule: jsonb().$type<TCohortRule>(),
    ownerId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("cohorts_name_length", sql`length(${t.name}) between 1 and 120`),
    check("cohorts_kind", sql`${t.kind} in ('static', 'dynamic')`),
    check("cohorts_dynamic_rule", sql`${t.kind} = 'static' or ${t.rule} is not null`),
  ],
);

/** A static cohort's customers. */
export const cohortMembers = pgTable(
  "cohort_members",
  {
    cohortId: integer()
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    customerId: integer()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.customerId] }),
    index("cohort_members_customer_idx").on(t.customerId),
  ],
);
