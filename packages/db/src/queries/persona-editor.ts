import {
  coded,
  conditionTypeProblem,
  describeConditionTypeProblem,
  type TPersonaInput,
  type TPersonaPreview,
  type TPersonaRules,
} from "@parcours/validators";
import { eq, type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { customers, personas } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { advanceDataVersion } from "./data-version";
import { DomainError } from "./errors";
import { assignPersonas, personaRulesSql } from "./persona-assignment";

/*
 * Admin › Personas. Customers get the first active persona, by priority then key, whose rules
 * match; a customer pinned by hand keeps its persona. Every write is one transaction that
 * changes the persona, reassigns customers and records one audit row, so the dashboard's
 * persona breakdown reflects it as soon as it commits.
 */

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
  if (!persona) throw new DomainError("not_found", `no persona with the key ${key}`);
  return persona;
}

// ----------------------------------------------------------------------------------- keys

function slug(name: string): string {
  const base = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 50)
    .replace(/_+$/, "");
  return base || "persona";
}

/** Keys the admin pages' addresses use (`/admin/personas/new`). */
const RESERVED_KEYS = ["new"];

/** The key a new persona with this name gets: its slug, with `_2`, `_3`… when taken. */
async function newPersonaKey(db: Database, name: string): Promise<string> {
  const base = slug(name);
  const rows = await queryRows<{ key: string }>(
    db,
    sql`SELECT key FROM personas WHERE key = ${base} OR key ~ ${`^${base}_[0-9]+$`}`,
  );
  const taken = new Set([...RESERVED_KEYS, ...rows.map((r) => r.key)]);
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
}

// -------------------------------------------------------------------------------- preview

export interface RulePreview {
  /** Customers whose attributes match the rules. */
  matching: number;
  /**
   * Of those, the ones saving would give this persona: not pinned by hand and not matched by an
   * active persona tried first. 0 while the persona is archived.
   */
  wouldBeAssigned: number;
  /** Matching customers that an active persona tried first (lower priority number) keeps. */
  takenByEarlier: number;
  /** Matching customers pinned by hand to a persona (this one included): rules leave them. */
  pinned: number;
  /** Every customer. */
  total: number;
  /** The persona being edited is archived: it assigns nobody until restored. */
  archived: boolean;
}

/**
 * The rule builder's live preview, counted with the SQL that assignment runs. When neither
 * pinned nor taken, a matching customer is assigned: `matching = wouldBeAssigned +
 * takenByEarlier + pinned` for an active persona.
 */
export async function previewPersonaRules(
  db: Database,
  params: TPersonaPreview,
): Promise<RulePreview> {
  await checkRuleValueTypes(db, params.rules);
  let archived = false;
  if (params.key) {
    const [self] = await db
      .select({ archivedAt: personas.archivedAt })
      .from(personas)
      .where(eq(personas.key, params.key));
    if (!self) throw new DomainError("not_found", `no persona with the key ${params.key}`);
    archived = self.archivedAt !== null;
  }
  const key = params.key ?? (await newPersonaKey(db, params.name ?? ""));
  // Compared in SQL, so that ties on priority break by the same collation as assignment's ORDER BY.
  const earlier = await queryRows<{ rules: TPersonaRules }>(
    db,
    sql`SELECT rules FROM personas
        WHERE archived_at IS NULL AND key <> ${key}
          AND (priority, key) < (${params.priority}::int, ${key}::text)`,
  );
  const taken =
    earlier.length === 0
      ? sql`false`
      : sql`(${sql.join(
          earlier.map((p) => personaRulesSql(p.rules)),
          sql` OR `,
        )})`;
  const [row] = await queryRows<{ matching: number; pinned: number; taken: number; total: number }>(
    db,
    sql`SELECT
          (count(*) FILTER (WHERE m))::int AS matching,
          (count(*) FILTER (WHERE m AND manual))::int AS pinned,
          (count(*) FILTER (WHERE m AND NOT manual AND taken))::int AS taken,
          count(*)::int AS total
        FROM (
          SELECT c.persona_manual AS manual, coalesce(${personaRulesSql(params.rules)}, false) AS m,
            coalesce(${taken}, false) AS taken
          FROM customers c
        ) x`,
  );
  const matching = row?.matching ?? 0;
  const pinned = row?.pinned ?? 0;
  const takenByEarlier = row?.taken ?? 0;
  return {
    matching,
    wouldBeAssigned: archived ? 0 : matching - pinned - takenByEarlier,
    takenByEarlier,
    pinned,
    total: row?.total ?? 0,
    archived,
  };
}

export interface CustomerAttribute {
  attribute: string;
  /** The most frequent values, most frequent first. */
  examples: string[];
  /** JSON types seen: `string`, `number`, `boolean`, `array`, `object`, `null`. */
  types: string[];
}

/**
 * Attribute names seen on the 2,000 newest customers (those a rule can name), with their most
 * frequent values and JSON types, for the rule builder's suggestions.
 */
export async function listCustomerAttributes(db: Database): Promise<CustomerAttribute[]> {
  const rows = await queryRows<CustomerAttribute>(
    db,
    sql`WITH sample AS (SELECT attributes FROM customers ORDER BY id DESC LIMIT 2000),
        pairs AS (
          SELECT e.key, jsonb_typeof(e.value) AS type,
            CASE WHEN jsonb_typeof(e.value) IN ('string', 'number', 'boolean')
              THEN e.value #>> '{}' END AS value
          FROM sample, jsonb_each(sample.attributes) e
          WHERE e.key ~ '^[A-Za-z_][A-Za-z0-9_]{0,62}$'
        ),
        counted AS (
          SELECT key, value, count(*) AS n FROM pairs WHERE value IS NOT NULL GROUP BY key, value
        )
        SELECT k.key AS attribute,
          coalesce((SELECT (array_agg(c.value ORDER BY c.n DESC, c.value))[1:5]
            FROM counted c WHERE c.key = k.key), '{}') AS examples,
          k.types
        FROM (SELECT key, array_agg(DISTINCT type ORDER BY type) AS types FROM pairs GROUP BY key) k
        ORDER BY k.key
        LIMIT 200`,
  );
  return rows.map((r) => ({ attribute: r.attribute, examples: r.examples, types: r.types }));
}

/**
 * Refuses a condition whose value cannot be compared with what its attribute holds on the
 * customers seen ("age is more than banana"): it would save, or preview, a rule matching nobody.
 */
export async function checkRuleValueTypes(db: Database, rules: TPersonaRules): Promise<void> {
  const checked = rules.conditions.filter((c) => c.operator !== "exists");
  if (checked.length === 0) return;
  const types = new Map((await listCustomerAttributes(db)).map((a) => [a.attribute, a.types]));
  const problems = rules.conditions.flatMap((condition, index) => {
    const problem = conditionTypeProblem(condition, types.get(condition.attribute) ?? []);
    return problem ? [describeConditionTypeProblem(index, condition, problem)] : [];
  });
  if (problems.length > 0) throw new DomainError("invalid", problems.join("; "));
}

// --------------------------------------------------------------------------------- writes

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
  if (!row) throw new DomainError("not_found", `no persona with the key ${key}`);
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
        throw new DomainError("invalid", `the persona key ${key} is reserved by the admin pages`);
      }
      if (taken) throw new DomainError("conflict", `a persona with the key ${key} already exists`);
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
    if (!after) throw new DomainError("not_found", `no persona with the key ${key}`);
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
    if (!after) throw new DomainError("not_found", `no persona with the key ${key}`);
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
    if (!after) throw new DomainError("not_found", `no persona with the key ${key}`);
    return reassignAndAudit(tx, actor, key, {
      action: "persona.restore",
      message: (count) => coded("auditPersonaRestore", { name: before.name, count }),
      before,
      after,
    });
  });
}
