import type { Role, TCodedMessage } from "@parcours/validators";
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

// Validators owns the role names; @parcours/auth, which depends on db alone, reads them here.
export { ROLES, type Role } from "@parcours/validators";

export const users = pgTable(
  "users",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** Stored lower-case and trimmed, so that sign-in is case-insensitive. */
    email: text().notNull().unique(),
    name: text().notNull().default(""),
    role: text().$type<Role>().notNull(),
    /** argon2id, PHC string format. */
    passwordHash: text().notNull(),
    disabledAt: timestamp({ withTimezone: true }),
    /**
     * Bumped when the role changes, the user is disabled or the password is reset: a session
     * carries the version it was issued with and stops working as soon as they differ.
     */
    sessionVersion: integer().notNull().default(1),
    lastSignInAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("users_role_known", sql`${t.role} in ('viewer', 'manager', 'admin')`),
    check(
      "users_email_normalised",
      sql`${t.email} = lower(btrim(${t.email})) and ${t.email} like '%_@_%'`,
    ),
    check("users_name_length", sql`length(${t.name}) <= 200`),
  ],
);

/**
 * Failed sign-in attempts, kept in the database rather than in memory so that the limit holds
 * across server processes and restarts. Old rows are pruned on each failure.
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    ip: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("sign_in_failures_email_idx").on(t.email, t.at),
    index("sign_in_failures_ip_idx").on(t.ip, t.at),
  ],
);

/** Every change made in the admin area: who, when, what, and the record before and after. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Null for changes made from the CLI, which has no signed-in user. */
    actorId: integer().references(() => users.id),
    /** Kept as written at the time, so the log still reads right if the user is renamed. */
    actorEmail: text().notNull(),
    /** `persona.create`, `user.role`, `stage.reorder`… */
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    /** A one-line human description, shown in the log: the English of `summaryMessage`. */
    summary: text().notNull().default(""),
    /**
     * The same by code (@parcours/validators' messages), so the log reads in the reader's
     * language; null on rows written before it existed, which show `summary`.
     */
    summaryMessage: jsonb().$type<TCodedMessage>(),
    before: jsonb().$type<unknown>(),
    after: jsonb().$type<unknown>(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_entity_idx").on(t.entityType, t.at),
    index("audit_log_actor_idx").on(t.actorId, t.at),
  ],
);
