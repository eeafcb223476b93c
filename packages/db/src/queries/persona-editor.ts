import type { TPersonaInput, TPersonaRules } from "@parcours/validators";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { personas } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { DomainError } from "./errors";
import { assignPersonas, personaRulesSql } from "./persona-assignment";

export interface AdminPersona extends TPersonaInput {
  key: string;
  archived: boolean;
  /** Customers assigned to it now. */
  customers: number;
}

export async function listPersonasForAdmin(db: Database): Promise<AdminPersona[]> {
  const rows = await queryRows<{
    key: string;
    name: string;
    description: string;
    goals: string[];
    needs: string[];
    pain_points: string[];
    colour: string;
    priority: number;
    rules: TPersonaRules;
    archived: boolean;
    customers: number;
  }>(
    db,
    sql`SELECT p.key, p.name, p.description, p.goals, p.needs, p.pain_points, p.colour,
          p.priority, p.rules, p.archived_at IS NOT NULL AS archived,
          (SELECT count(*)::int FROM customers c WHERE c.persona_id = p.id) AS customers
        FROM personas p
        ORDER BY p.archived_at IS NOT NULL, p.priority, p.key`,
  );
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    description: r.description,
    goals: r.goals,
    needs: r.needs,
    painPoints: r.pain_points,
    colour: r.colour,
    priority: r.priority,
    rules: r.rules,
    archived: r.archived,
    customers: r.customers,
  }));
}

export interface RulePreview {
  /** Customers whose attributes match the rules. */
  matching: number;
  /** Of those, the ones the persona would get: not pinned by hand, not taken by a persona tried first. */
  wouldBeAssigned: number;
  total: number;
}

/**
 * The live preview of the rule builder. Personas are tried by priority, then key; a persona
 * tried before this one keeps the customers it matches.
 */
export async function previewPersonaRules(
  db: Database,
  params: { rules: TPersonaRules; priority: number; key?: string },
): Promise<RulePreview> {
  const others = await db
    .select({ key: personas.key, priority: personas.priority, rules: personas.rules })
    .from(personas)
    .where(and(isNull(personas.archivedAt), params.key ? ne(personas.key, params.key) : undefined));
  const key = params.key ?? "\uffff";
  const before = others.filter(
    (p) => p.priority < params.priority || (p.priority === params.priority && p.key < key),
  );
  const taken =
    before.length === 0
      ? sql`false`
      : sql`(${sql.join(
          before.map((p) => personaRulesSql(p.rules)),
          sql` OR `,
        )})`;
  const [row] = await queryRows<{ matching: number; assigned: number; total: number }>(
    db,
    sql`SELECT
          (count(*) FILTER (WHERE ${personaRulesSql(params.rules)}))::int AS matching,
          (count(*) FILTER (WHERE ${personaRulesSql(params.rules)} AND NOT c.persona_manual
            AND NOT coalesce(${taken}, false)))::int AS assigned,
          count(*)::int AS total
        FROM customers c`,
  );
  return {
    matching: row?.matching ?? 0,
    wouldBeAssigned: row?.assigned ?? 0,
    total: row?.total ?? 0,
  };
}

/** Attribute names seen on customers, with a few example values, for the rule builder. */
export async function listCustomerAttributes(
  db: Database,
): Promise<{ attribute: string; examples: string[] }[]> {
  const rows = await queryRows<{ attribute: string; examples: string[] }>(
    db,
    sql`WITH sample AS (SELECT attributes FROM customers ORDER BY id DESC LIMIT 2000),
        pairs AS (SELECT e.key, e.value #>> '{}' AS value FROM sample, jsonb_each(sample.attributes) e)
        SELECT key AS attribute,
          (array_agg(DISTINCT value ORDER BY value) FILTER (WHERE value IS NOT NULL))[1:5] AS examples
        FROM pairs GROUP BY key ORDER BY key`,
  );
  return rows.map((r) => ({ attribute: r.attribute, examples: r.examples ?? [] }));
}

function slug(name: string): string {
  const base = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 50);
  return base && /^[a-z0-9]/.test(base) ? base : "persona";
}

type PersonaRow = typeof personas.$inferSelect;

function auditView(p: PersonaRow) {
  return {
    name: p.name,
    description: p.description,
    goals: p.goals,
    needs: p.needs,
    painPoints: p.painPoints,
    colour: p.colour,
    priority: p.priority,
    rules: p.rules,
    archived: p.archivedAt !== null,
  };
}

/**
 * Creates a persona (no key: one is made from the name) or updates one, then reassigns
 * customers by the rules of every active persona. Returns the key and how many customers moved.
 */
export async function savePersona(
  db: Database,
  actor: Actor,
  params: { key?: string; persona: TPersonaInput },
): Promise<{ key: string; reassigned: number }> {
  const input = params.persona;
  const key = await db.transaction(async (tx) => {
    if (params.key) {
      const [before] = await tx.select().from(personas).where(eq(personas.key, params.key));
      if (!before) throw new DomainError("not_found", `no persona with the key ${params.key}`);
      const [after] = await tx
        .update(personas)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(personas.key, params.key))
        .returning();
      if (!after) throw new DomainError("not_found", `no persona with the key ${params.key}`);
      await recordAudit(tx, actor, {
        action: "persona.update",
        entityType: "persona",
        entityId: params.key,
        summary: `updated the persona ${after.name}`,
        before: auditView(before),
        after: auditView(after),
      });
      return params.key;
    }
    const base = slug(input.name);
    const taken = new Set(
      (
        await tx
          .select({ key: personas.key })
          .from(personas)
          .where(sql`${personas.key} LIKE ${`${base}%`}`)
      ).map((r) => r.key),
    );
    let newKey = base;
    for (let n = 2; taken.has(newKey); n++) newKey = `${base}_${n}`;
    const [created] = await tx
      .insert(personas)
      .values({ ...input, key: newKey })
      .returning();
    if (!created) throw new Error("insert returned no row");
    await recordAudit(tx, actor, {
      action: "persona.create",
      entityType: "persona",
      entityId: newKey,
      summary: `created the persona ${created.name}`,
      after: auditView(created),
    });
    return newKey;
  });
  return { key, reassigned: await assignPersonas(db) };
}

/** Archives (no longer assigns; its customers are reassigned) or restores a persona. */
export async function setPersonaArchived(
  db: Database,
  actor: Actor,
  key: string,
  archived: boolean,
): Promise<{ key: string; reassigned: number }> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(personas).where(eq(personas.key, key));
    if (!before) throw new DomainError("not_found", `no persona with the key ${key}`);
    const [after] = await tx
      .update(personas)
      .set({
        archivedAt: archived ? (before.archivedAt ?? new Date()) : null,
        updatedAt: new Date(),
      })
      .where(eq(personas.key, key))
      .returning();
    if (!after) throw new DomainError("not_found", `no persona with the key ${key}`);
    await recordAudit(tx, actor, {
      action: archived ? "persona.archive" : "persona.restore",
      entityType: "persona",
      entityId: key,
      summary: `${archived ? "archived" : "restored"} the persona ${before.name}`,
      before: auditView(before),
      after: auditView(after),
    });
  });
  if (archived) {
    // Customers of an archived persona go to the next matching persona, even pinned ones.
    await queryRows(
      db,
      sql`UPDATE customers SET persona_manual = false
          WHERE persona_id = (SELECT id FROM personas WHERE key = ${key})`,
    );
    await queryRows(
      db,
      sql`UPDATE customers SET persona_id = NULL
          WHERE persona_id = (SELECT id FROM personas WHERE key = ${key})`,
    );
  }
  return { key, reassigned: await assignPersonas(db) };
}
