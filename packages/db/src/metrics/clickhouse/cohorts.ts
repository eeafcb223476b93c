import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";
import type { ResolvedCohort, ResolvedCohortCondition } from "../cohorts";
import { CURRENT_PERSONA, idList, inPeriod } from "./filter";

function eventsIn(from: Date, to: Date, extra: ChSql): ChSql {
  return chSql`SELECT customer_id FROM events WHERE ${inPeriod(from, to)} AND ${extra}`;
}

/**
 * An attribute equal to a value, read from the customer's attributes as PostgreSQL wrote them
 * (jsonb's text). 18.16 has no JSON functions beyond visitParam*: the raw value after the key,
 * without the space jsonb puts after the colon, is the value's JSON; numbers compare as numbers.
 */
function attributeMatch(attribute: string, value: string | number | boolean): ChSql {
  const raw = chSql`replaceRegexpOne(visitParamExtractRaw(attributes, ${lit.str(attribute)}), '^ +', '')`;
  return typeof value === "number"
    ? chSql`toFloat64OrNull(${raw}) = ${lit.float(value)}`
    : chSql`${raw} = ${lit.str(JSON.stringify(value))}`;
}

function conditionSql(c: ResolvedCohortCondition, column: ChSql, from: Date, to: Date): ChSql {
  switch (c.kind) {
    case "attribute":
      return chSql`${column} IN (SELECT id FROM customers FINAL WHERE ${attributeMatch(c.attribute, c.value)})`;
    case "persona":
      return chSql`${column} IN (SELECT customer_id FROM (${CURRENT_PERSONA}) WHERE persona_id = ${lit.uint(c.personaId ?? 0)})`;
    case "reachedStage":
      return chSql`${column} IN (${eventsIn(from, to, chSql`stage_id = ${lit.uint(c.stageId)}`)})`;
    case "touched":
      return chSql`${column} IN (${eventsIn(
        from,
        to,
        c.maxRating === null
          ? chSql`touchpoint_id = ${lit.uint(c.touchpointId)}`
          : chSql`touchpoint_id = ${lit.uint(c.touchpointId)} AND satisfaction <= ${lit.uint(c.maxRating)}`,
      )})`;
    case "notReturned": {
      const after = new Date(to.getTime() + c.days * 86_400_000);
      return chSql`${column} IN (${eventsIn(from, to, chSql`1`)}) AND ${column} NOT IN (${eventsIn(to, after, chSql`1`)})`;
    }
  }
}

/**
 * The condition "the customer id in `column` belongs to the cohort", for a query over
 * [from, to): a static cohort's members inlined (read from PostgreSQL, at most
 * MAX_COHORT_MEMBERS), or a dynamic cohort's rule over the period, as subqueries.
 */
export function cohortCondition(c: ResolvedCohort, column: ChSql, from: Date, to: Date): ChSql {
  if (c.kind === "static") {
    if (c.members === null) throw new Error(`cohort ${c.id}'s members were not read`);
    return c.members.length === 0 ? chSql`0` : chSql`${column} IN (${idList(c.members)})`;
  }
  return joinSql(
    c.conditions.map((condition) => chSql`(${conditionSql(condition, column, from, to)})`),
    " AND ",
  );
}
