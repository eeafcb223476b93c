import type { TPersonaInput, TPersonaRules } from "@parcours/validators";
import { coded } from "@parcours/validators";
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { DomainError } from "./errors";

/** Admin › Personas, read: each persona with its customers, as the admin pages list it. */

export interface AdminPersona extends TPersonaInput {
  key: string;
  archived: boolean;
  /** Customers assigned to it now, by its rules or by hand. */
  customers: number;
  /** Of those, the ones an admin pinned by hand. */
  pinned: number;
}

interface AdminPersonaRow {
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
  pinned: number;
}

async function selectAdminPersonas(db: Database, where: SQL): Promise<AdminPersona[]> {
  const rows = await queryRows<AdminPersonaRow>(
    db,
    sql`SELECT p.key, p.name, p.description, p.goals, p.needs, p.pain_points, p.colour,
          p.priority, p.rules, p.archived_at IS NOT NULL AS archived, n.customers, n.pinned
        FROM personas p
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS customers, (count(*) FILTER (WHERE c.persona_manual))::int AS pinned
          FROM customers c WHERE c.persona_id = p.id
        ) n
        WHERE ${where}
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
    pinned: r.pinned,
  }));
}

/** Every persona, archived ones last, in the order rules are tried. */
export function listPersonasForAdmin(db: Database): Promise<AdminPersona[]> {
  return selectAdminPersonas(db, sql`true`);
}

export async function getPersonaForAdmin(db: Database, key: string): Promise<AdminPersona> {
  const [persona] = await selectAdminPersonas(db, sql`p.key = ${key}`);
  if (!persona)
    throw new DomainError("not_found", coded("notFound", { what: "persona", by: "key", key }));
  return persona;
}
