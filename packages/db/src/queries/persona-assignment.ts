import type { TPersonaCondition, TPersonaRules } from "@parcours/validators";
import { asc, isNull, type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { idList } from "../metrics/postgres/filter";
import { personas } from "../schema";

const NUMERIC = "^-?[0-9]+(\\.[0-9]+)?$";

/** One condition over `c.attributes` as SQL; values travel as parameters. */
function conditionSql(condition: TPersonaCondition): SQL {
  const attr = sql`c.attributes -> ${condition.attribute}`;
  const text = sql`(c.attributes ->> ${condition.attribute})`;
  const value = condition.value;
  const scalar = Array.isArray(value) ? value[0] : value;
  const asText = (v: unknown) => sql`${String(v)}`;
  const compare = (op: string): SQL => {
    if (typeof scalar === "number") {
      // Numbers may arrive as JSON numbers or numeric strings; anything else never matches.
      return sql`(CASE WHEN ${text} ~ ${NUMERIC} THEN ${text}::numeric ${sql.raw(op)} ${scalar}::numeric ELSE false END)`;
    }
    return sql`(${text} ${sql.raw(op)} ${asText(scalar ?? "")})`;
  };
  switch (condition.operator) {
    case "exists":
      return sql`(c.attributes ? ${condition.attribute})`;
    case "eq":
      return typeof scalar === "number" ? compare("=") : sql`(${text} = ${asText(scalar ?? "")})`;
    case "neq":
      return typeof scalar === "number"
        ? sql`(NOT coalesce(${compare("=")}, false))`
        : sql`(${text} IS DISTINCT FROM ${asText(scalar ?? "")})`;
    case "gt":
      return compare(">");
    case "gte":
      return compare(">=");
    case "lt":
      return compare("<");
    case "lte":
      return compare("<=");
    case "in": {
      const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
      if (list.length === 0) return sql`false`;
      return sql`(${text} IN (${sql.join(list.map(asText), sql`, `)}))`;
    }
    case "contains": {
      const needle = String(scalar ?? "");
      return sql`(CASE WHEN jsonb_typeof(${attr}) = 'array' THEN ${attr} ? ${needle}
        ELSE strpos(lower(${text}), lower(${needle})) > 0 END)`;
    }
  }
}

/** A persona's rules as one boolean SQL expression over customers aliased `c`. */
export function personaRulesSql(rules: TPersonaRules): SQL {
  if (rules.conditions.length === 0) return sql`false`;
  const parts = rules.conditions.map((c) => sql`coalesce(${conditionSql(c)}, false)`);
  return sql`(${sql.join(parts, rules.match === "all" ? sql` AND ` : sql` OR `)})`;
}

/** How many customers a set of rules would match (the rule builder's live preview). */
export async function countPersonaRuleMatches(db: Database, rules: TPersonaRules): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM customers c WHERE ${personaRulesSql(rules)}`,
  );
  return row?.n ?? 0;
}

export interface AssignPersonasParams {
  /** Only these customers (new ones after an import); all customers when absent. */
  customerIds?: number[];
}

/**
 * Gives every customer the first active persona (by priority, then key) whose rules match, or
 * none. Customers whose persona was set by hand keep it. Returns how many rows changed.
 */
export async function assignPersonas(
  db: Database,
  params: AssignPersonasParams = {},
): Promise<number> {
  if (params.customerIds && params.customerIds.length === 0) return 0;
  const active = await db
    .select({ id: personas.id, rules: personas.rules })
    .from(personas)
    .where(isNull(personas.archivedAt))
    .orderBy(asc(personas.priority), asc(personas.key));
  const target =
    active.length === 0
      ? sql`NULL::int`
      : sql`CASE ${sql.join(
          active.map((p) => sql`WHEN ${personaRulesSql(p.rules)} THEN ${p.id}::int`),
          sql` `,
        )} END`;
  const scope = params.customerIds ? sql`AND c.id IN (${idList(params.customerIds)})` : sql``;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`UPDATE customers c SET persona_id = ${target}
        WHERE NOT c.persona_manual ${scope}
          AND c.persona_id IS DISTINCT FROM ${target}
        RETURNING c.id`,
  );
  return rows.length;
}
