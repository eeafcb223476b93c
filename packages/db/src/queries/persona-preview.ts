import {
  coded,
  conditionTypeProblem,
  conditionTypeProblemMessage,
  type TPersonaPreview,
  type TPersonaRules,
} from "@parcours/validators";
import { eq, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { personas } from "../schema";
import { DomainError } from "./errors";
import { personaRulesSql } from "./persona-assignment";
import { newPersonaKey } from "./persona-keys";

/**
 * Admin › Personas, before saving: what a persona's rules would do, the attributes they can
 * name, and rule values of the wrong type refused.
 */

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
    if (!self)
      throw new DomainError(
        "not_found",
        coded("notFound", { what: "persona", by: "key", key: params.key }),
      );
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
    return problem ? [conditionTypeProblemMessage(index, condition, problem)] : [];
  });
  const [first, ...more] = problems;
  if (first) throw new DomainError("invalid", [first, ...more]);
}
