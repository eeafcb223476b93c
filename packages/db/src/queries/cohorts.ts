import {
  coded,
  MAX_COHORT_MEMBERS,
  type Role,
  type TCohortKind,
  type TCohortRule,
} from "@parcours/validators";
import { asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client";
import type { CohortDefinition } from "../metrics/cohorts";
import { resolveCohortRule } from "../metrics/cohorts";
import { cohortSql } from "../metrics/postgres/cohorts";
import { cohortMembers, cohorts, customers, users } from "../schema";
import { getCatalogue } from "./catalogue";
import { advanceDataVersion } from "./data-version";
import { DomainError } from "./errors";

/** Who asks to change a cohort: its owner, or an admin. */
export interface CohortUser {
  id: number;
  role: Role;
}

export interface CohortSummary {
  id: number;
  name: string;
  kind: TCohortKind;
  rule: TCohortRule | null;
  ownerId: number;
  ownerName: string;
  /** Shown for an owner without a name (names are optional). */
  ownerEmail: string;
  createdAt: Date;
  /** A static cohort's members; null for a dynamic one (it depends on the period). */
  members: number | null;
}

function notFound(id: number): DomainError {
  return new DomainError("not_found", coded("cohortNotFound", { id }));
}

function tooLarge(id: number | string, n: number): DomainError {
  return new DomainError(
    "invalid",
    coded("cohortTooLarge", { id, count: n, max: MAX_COHORT_MEMBERS }),
  );
}

/** Every cohort, newest first (cohorts are visible to every signed-in user). */
export async function listCohorts(db: Database): Promise<CohortSummary[]> {
  const rows = await db
    .select({
      id: cohorts.id,
      name: cohorts.name,
      kind: cohorts.kind,
      rule: cohorts.rule,
      ownerId: cohorts.ownerId,
      ownerName: users.name,
      ownerEmail: users.email,
      createdAt: cohorts.createdAt,
      members: sql<number>`(SELECT count(*)::int FROM cohort_members m WHERE m.cohort_id = ${cohorts.id})`,
    })
    .from(cohorts)
    .innerJoin(users, eq(users.id, cohorts.ownerId))
    .orderBy(sql`${cohorts.createdAt} DESC`, asc(cohorts.id));
  return rows.map((r) => ({ ...r, members: r.kind === "static" ? Number(r.members) : null }));
}

export async function getCohort(db: Database, id: number): Promise<CohortSummary> {
  const found = (await listCohorts(db)).find((c) => c.id === id);
  if (!found) throw notFound(id);
  return found;
}

/**
 * What a filter needs of cohort `id` (a 404 naming it when there is none): a dynamic cohort's
 * rule, or a static one's members (their internal ids when `members` is asked, for ClickHouse;
 * more than MAX_COHORT_MEMBERS is a 400).
 */
export async function readCohortDefinition(
  db: Database,
  id: number,
  options: { members: boolean },
): Promise<CohortDefinition> {
  const [row] = await db
    .select({ id: cohorts.id, kind: cohorts.kind, rule: cohorts.rule })
    .from(cohorts)
    .where(eq(cohorts.id, id));
  if (!row) throw notFound(id);
  if (row.kind === "dynamic") {
    if (!row.rule) throw new Error(`dynamic cohort ${id} has no rule`);
    return { id, kind: "dynamic", rule: row.rule };
  }
  if (!options.members) return { id, kind: "static", members: null };
  const members = await db
    .select({ id: cohortMembers.customerId })
    .from(cohortMembers)
    .where(eq(cohortMembers.cohortId, id))
    .orderBy(asc(cohortMembers.customerId))
    .limit(MAX_COHORT_MEMBERS + 1);
  if (members.length > MAX_COHORT_MEMBERS) {
    const [total] = await db
      .select({ n: count() })
      .from(cohortMembers)
      .where(eq(cohortMembers.cohortId, id));
    throw tooLarge(id, Number(total?.n ?? members.length));
  }
  return { id, kind: "static", members: members.map((m) => m.id) };
}

/** The customers who meet a rule over [from, to), counted in PostgreSQL. */
export async function countRuleCustomers(
  db: Database,
  rule: TCohortRule,
  period: { from: Date; to: Date },
): Promise<number> {
  const conditions = resolveCohortRule(rule, await getCatalogue(db));
  const condition = cohortSql(
    { id: 0, kind: "dynamic", conditions },
    sql`c.id`,
    period.from,
    period.to,
  );
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sql`customers c`)
    .where(condition);
  return Number(row?.n ?? 0);
}

async function insertCohort(
  db: Database,
  values: { name: string; kind: TCohortKind; rule: TCohortRule | null; ownerId: number },
): Promise<number> {
  const [row] = await db.insert(cohorts).values(values).returning({ id: cohorts.id });
  if (!row) throw new Error("the cohort was not inserted");
  return row.id;
}

/**
 * A cohort from a rule. Dynamic: the rule is kept and evaluated over each query's period.
 * Static: the rule is evaluated once, over `period`, in PostgreSQL, and its customers stored.
 */
export async function createCohortFromRule(
  db: Database,
  owner: CohortUser,
  input: { name: string; kind: TCohortKind; rule: TCohortRule; period?: { from: Date; to: Date } },
): Promise<CohortSummary> {
  const conditions = resolveCohortRule(input.rule, await getCatalogue(db));
  const { period } = input;
  if (input.kind === "static" && !period) {
    throw new Error("a static cohort from a rule needs the period to evaluate it over");
  }
  const id = await db.transaction(async (tx) => {
    const created = await insertCohort(tx, {
      name: input.name,
      kind: input.kind,
      rule: input.rule,
      ownerId: owner.id,
    });
    if (input.kind === "static" && period) {
      const condition = cohortSql(
        { id: created, kind: "dynamic", conditions },
        sql`c.id`,
        period.from,
        period.to,
      );
      await tx.execute(
        sql`INSERT INTO cohort_members (cohort_id, customer_id) SELECT ${created}, c.id FROM customers c WHERE ${condition}`,
      );
      const [n] = await tx
        .select({ n: count() })
        .from(cohortMembers)
        .where(eq(cohortMembers.cohortId, created));
      if (Number(n?.n ?? 0) > MAX_COHORT_MEMBERS) throw tooLarge(input.name, Number(n?.n));
    }
    return created;
  });
  return getCohort(db, id);
}

/** A static cohort of the customers with these external ids (a drill-down list as of saving). */
export async function createStaticCohort(
  db: Database,
  owner: CohortUser,
  input: { name: string; externalIds: string[] },
): Promise<CohortSummary> {
  if (input.externalIds.length > MAX_COHORT_MEMBERS) {
    throw tooLarge(input.name, input.externalIds.length);
  }
  const id = await db.transaction(async (tx) => {
    const created = await insertCohort(tx, {
      name: input.name,
      kind: "static",
      rule: null,
      ownerId: owner.id,
    });
    for (let i = 0; i < input.externalIds.length; i += 5000) {
      const chunk = input.externalIds.slice(i, i + 5000);
      const found = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(inArray(customers.externalId, chunk));
      if (found.length > 0) {
        await tx
          .insert(cohortMembers)
          .values(found.map((c) => ({ cohortId: created, customerId: c.id })))
          .onConflictDoNothing();
      }
    }
    return created;
  });
  return getCohort(db, id);
}

async function writable(db: Database, id: number, user: CohortUser): Promise<void> {
  const [row] = await db
    .select({ ownerId: cohorts.ownerId })
    .from(cohorts)
    .where(eq(cohorts.id, id));
  if (!row) throw notFound(id);
  if (user.role !== "admin" && row.ownerId !== user.id) {
    throw new DomainError("precondition", coded("cohortNotOwner", { id }));
  }
}

/** Renames a cohort: its owner or an admin. */
export async function renameCohort(
  db: Database,
  user: CohortUser,
  id: number,
  name: string,
): Promise<CohortSummary> {
  await writable(db, id, user);
  await db.update(cohorts).set({ name }).where(eq(cohorts.id, id));
  return getCohort(db, id);
}

/** Deletes a cohort and its members: its owner or an admin. */
export async function deleteCohort(db: Database, user: CohortUser, id: number): Promise<void> {
  await writable(db, id, user);
  await db.delete(cohorts).where(eq(cohorts.id, id));
  // Answers cached under its id must not outlive it: the next one is a 404, not old figures.
  await advanceDataVersion(db);
}
