import { type SQL, sql } from "drizzle-orm";
import type { ValueBreakdown } from "../funnel";

/** A JSON value as breakdown text: strings, numbers and booleans; anything else is null. */
function jsonText(json: SQL, key: string): SQL {
  return sql`CASE WHEN jsonb_typeof(${json} -> ${key}::text) IN ('string', 'number', 'boolean')
    THEN ${json} ->> ${key}::text END`;
}

/**
 * A customer's breakdown value (docs/metrics.md), in a query over `events e` grouped by
 * e.customer_id. An attribute: the customer's now. A property: its value on the customer's first
 * event among those `first` selects (the earliest; ties: the least event id in byte order).
 */
export function breakdownValueSql(breakdown: ValueBreakdown, first: SQL): SQL {
  return breakdown.kind === "attribute"
    ? sql`(SELECT ${jsonText(sql`c.attributes`, breakdown.key)} FROM customers c WHERE c.id = e.customer_id)`
    : sql`(array_agg(${jsonText(sql`e.properties`, breakdown.key)}
        ORDER BY e.occurred_at, e.event_id COLLATE "C") FILTER (WHERE ${first}))[1]`;
}
