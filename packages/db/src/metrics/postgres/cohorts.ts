import { type SQL, sql } from "drizzle-orm";
import type { ResolvedCohort, ResolvedCohortCondition } from "../cohorts";
import { ts } from "./filter";

function eventsIn(from: Date, to: Date, extra: SQL): SQL {
  return sql`SELECT customer_id FROM events WHERE occurred_at >= ${ts(from)} AND occurred_at < ${ts(to)} AND ${extra}`;
}

function conditionSql(c: ResolvedCohortCondition, column: SQL, from: Date, to: Date): SQL {
  switch (c.kind) {
    case "attribute":
      return sql`${column} IN (SELECT id FROM customers WHERE attributes -> ${c.attribute}::text = ${JSON.stringify(c.value)}::jsonb)`;
    case "persona":
      return c.personaId === null
        ? sql`${column} IN (SELECT id FROM customers WHERE persona_id IS NULL)`
        : sql`${column} IN (SELECT id FROM customers WHERE persona_id = ${c.personaId})`;
    case "reachedStage":
      return sql`${column} IN (${eventsIn(from, to, sql`stage_id = ${c.stageId}`)})`;
    case "touched":
      return sql`${column} IN (${eventsIn(
        from,
        to,
        c.maxRating === null
          ? sql`touchpoint_id = ${c.touchpointId}`
          : sql`touchpoint_id = ${c.touchpointId} AND satisfaction <= ${c.maxRating}`,
      )})`;
    case "notReturned": {
      const after = new Date(to.getTime() + c.days * 86_400_000);
      return sql`${column} IN (${eventsIn(from, to, sql`true`)}) AND ${column} NOT IN (${eventsIn(to, after, sql`true`)})`;
    }
  }
}

/**
 * The condition "the customer id in `column` belongs to the cohort", for a query over
 * [from, to): a static cohort's stored members, or a dynamic cohort's rule over that period.
 */
export function cohortSql(c: ResolvedCohort, column: SQL, from: Date, to: Date): SQL {
  if (c.kind === "static") {
    return sql`${column} IN (SELECT customer_id FROM cohort_members WHERE cohort_id = ${c.id})`;
  }
  return sql.join(
    c.conditions.map((condition) => sql`(${conditionSql(condition, column, from, to)})`),
    sql` AND `,
  );
}
