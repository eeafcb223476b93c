import { coded, type TPersonaInput } from "@parcours/validators";
import { eq, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { customers, personas } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { advanceDataVersion } from "./data-version";
import { DomainError } from "./errors";
import { assignPersonas } from "./persona-assignment";
import { newPersonaKey, RESERVED_KEYS } from "./persona-keys";
import { checkRuleValueTypes } from "./persona-preview";
import { type AdminPersona, getPersonaForAdmin } from "./persona-read";

/*
 * Admin › Personas, writes (reads: persona-read.ts; previews and attributes:
 * persona-preview.ts; keys: persona-keys.ts). Customers get the first active persona, by
 * priority then key, whose rules match; a customer pinned by hand keeps its persona. Every
 * write is one transaction that changes the persona, reassigns customers and records one audit
 * row, so the dashboard's persona breakdown reflects it as soon as it commits.
 */

export interface PersonaWriteResult {
  persona: AdminPersona;
  /** Customers whose persona changed. */
  reassigned: number;
  /** Customers pinned by hand to an archived persona, handed back to the rules. */
  unpinned: number;
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

/** JSON with object keys sorted: jsonb hands keys back in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Persona writes take one lock, so that two admins saving at once cannot interleave their
 * reassignments (each would read the other's rules as they were before) nor take the same key
 * or name. Reads and imports do not take it.
 */
async function lockPersonaWrites(tx: Database): Promise<void> {
  await queryRows(tx, sql`SELECT pg_advisory_xact_lock(hashtext('parcours.persona-writes'))`);
}

async function lockedPersona(tx: Database, key: string): Promise<PersonaRow> {
  const [row] = await tx.select().from(personas).where(eq(personas.key, key)).for("update");
  if (!row)
    throw new DomainError("not_found", coded("notFound", { what: "persona", by: "key", key }));
  return row;
}

/**
 * Two personas with one name would be told apart by nobody reading the dashboard. Compared in
 * JavaScript: the database's lower() ignores accented capitals under the C locale.
 */
async function checkNameFree(tx: Database, name: string, exceptId: number | null): Promise<void> {
  const folded = name.trim().toLocaleLowerCase("fr");
  const rows = await tx
    .select({ id: personas.id, name: personas.name, archivedAt: personas.archivedAt })
    .from(personas);
  const clash = rows.find(
    (p) => p.id !== exceptId && p.name.trim().toLocaleLowerCase("fr") === folded,
  );
  if (clash) {
    throw new DomainError(
      "conflict",
      coded(clash.archivedAt ? "personaNameArchived" : "personaNameTaken", { name: clash.name }),
    );
  }
}

/**
 * Runs a persona write in one transaction under the persona-write lock, then moves the data
 * version on: figures by persona may have changed.
 */
async function personaWrite(
  db: Database,
  write: (tx: Database) => Promise<PersonaWriteResult>,
): Promise<PersonaWriteResult> {
  const result = await db.transaction(async (tx) => {
    await lockPersonaWrites(tx);
    return write(tx);
  });
  await advanceDataVersion(db);
  return result;
}

/** A write that changed nothing: the persona as it is. */
async function unchanged(tx: Database, key: string): Promise<PersonaWriteResult> {
  return { persona: await getPersonaForAdmin(tx, key), reassigned: 0, unpinned: 0 };
}

/**
 * How every persona write that changed something ends: customers reassigned by the rules
 * (unless nobody can move), the audit entry saying how many moved, and the persona as the admin
 * pages show it.
 */
async function reassignAndAudit(
  tx: Database,
  actor: Actor,
  key: string,
  entry: {
    action: string;
    message: (reassigned: number) => ReturnType<typeof coded>;
    before?: PersonaRow;
    after: PersonaRow;
  },
  options: { reassign?: boolean; unpinned?: number } = {},
): Promise<PersonaWriteResult> {
  const reassigned = options.reassign === false ? 0 : await assignPersonas(tx);
  await recordAudit(tx, actor, {
    action: entry.action,
    entityType: "persona",
    entityId: key,
    message: entry.message(reassigned),
    ...(entry.before ? { before: auditView(entry.before) } : {}),
    after: auditView(entry.after),
  });
  return {
    persona: await getPersonaForAdmin(tx, key),
    reassigned,
    unpinned: options.unpinned ?? 0,
  };
}

/**
 * Creates a persona, then reassigns customers by the rules. Its key is made from its name unless
 * `options.key` names it (a catalogue document applied from the CLI keeps its keys).
 */
export async function createPersona(
  db: Database,
  actor: Actor,
  input: TPersonaInput,
  options: { key?: string } = {},
): Promise<PersonaWriteResult> {
  await checkRuleValueTypes(db, input.rules);
  return personaWrite(db, async (tx) => {
    await checkNameFree(tx, input.name, null);
    const key = options.key ?? (await newPersonaKey(tx, input.name));
    if (options.key !== undefined) {
      const [taken] = await tx
        .select({ id: personas.id })
        .from(personas)
        .where(eq(personas.key, key));
      if (RESERVED_KEYS.includes(key)) {
        throw new DomainError("invalid", coded("personaKeyReserved", { key }));
      }
      if (taken)
        throw new DomainError("conflict", coded("alreadyExists", { what: "persona", key }));
    }
    const [created] = await tx
      .insert(personas)
      .values({ ...input, key })
      .returning();
    if (!created) throw new Error("insert returned no row");
    return reassignAndAudit(tx, actor, key, {
      action: "persona.create",
      message: (count) => coded("auditPersonaCreate", { name: created.name, count }),
      after: created,
    });
  });
}

/**
 * Saves every field of a persona (its key stays). Customers are reassigned when its rules or
 * priority change; saving without a change writes nothing.
 */
export async function updatePersona(
  db: Database,
  actor: Actor,
  key: string,
  input: TPersonaInput,
): Promise<PersonaWriteResult> {
  await checkRuleValueTypes(db, input.rules);
  return personaWrite(db, async (tx) => {
    const before = await lockedPersona(tx, key);
    const beforeView = auditView(before);
    const afterView = { ...input, archived: beforeView.archived };
    if (canonical(beforeView) === canonical(afterView)) return unchanged(tx, key);
    await checkNameFree(tx, input.name, before.id);
    const [after] = await tx
      .update(personas)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(personas.id, before.id))
      .returning();
    if (!after)
      throw new DomainError("not_found", coded("notFound", { what: "persona", by: "key", key }));
    const assignmentChanges =
      before.priority !== after.priority || canonical(before.rules) !== canonical(after.rules);
    return reassignAndAudit(
      tx,
      actor,
      key,
      {
        action: "persona.update",
        message: (count) =>
          coded("auditPersonaUpdate", {
            from: before.name === after.name ? "same" : before.name,
            to: after.name,
            reassigned: assignmentChanges ? "yes" : "no",
            count,
          }),
        before,
        after,
      },
      { reassign: assignmentChanges },
    );
  });
}

/**
 * Archives a persona: it stays listed (and in the audit log) but assigns nobody. Its customers,
 * pinned ones included, go to the next matching persona or to none. Archiving an archived
 * persona writes nothing.
 */
export async function archivePersona(
  db: Database,
  actor: Actor,
  key: string,
): Promise<PersonaWriteResult> {
  return personaWrite(db, async (tx) => {
    const before = await lockedPersona(tx, key);
    if (before.archivedAt !== null) return unchanged(tx, key);
    const [after] = await tx
      .update(personas)
      .set({ archivedAt: new Date(), updatedAt: new Date() })
      .where(eq(personas.id, before.id))
      .returning();
    if (!after)
      throw new DomainError("not_found", coded("notFound", { what: "persona", by: "key", key }));
    // A pin to a persona that no longer shows anywhere would hide the customer from every
    // breakdown; the rules place it instead.
    const unpinned = (
      await tx
        .update(customers)
        .set({ personaManual: false })
        .where(sql`${customers.personaId} = ${before.id} AND ${customers.personaManual}`)
        .returning({ id: customers.id })
    ).length;
    return reassignAndAudit(
      tx,
      actor,
      key,
      {
        action: "persona.archive",
        message: (count) => coded("auditPersonaArchive", { name: before.name, count, unpinned }),
        before,
        after,
      },
      { unpinned },
    );
  });
}

/** Restores an archived persona: its rules assign customers again. */
export async function restorePersona(
  db: Database,
  actor: Actor,
  key: string,
): Promise<PersonaWriteResult> {
  return personaWrite(db, async (tx) => {
    const before = await lockedPersona(tx, key);
    if (before.archivedAt === null) return unchanged(tx, key);
    await checkNameFree(tx, before.name, before.id);
    const [after] = await tx
      .update(personas)
      .set({ archivedAt: null, updatedAt: new Date() })
      .where(eq(personas.id, before.id))
      .returning();
    if (!after)
      throw new DomainError("not_found", coded("notFound", { what: "persona", by: "key", key }));
    return reassignAndAudit(tx, actor, key, {
      action: "persona.restore",
      message: (count) => coded("auditPersonaRestore", { name: before.name, count }),
      before,
      after,
    });
  });
}
