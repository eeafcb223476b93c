import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";

/** The keys a funnel can be broken down by (issue 19 item 4), bounded however large the data. */
export interface BreakdownKeys {
  /** Customer attribute keys seen on the 2,000 latest customers, at most 100, sorted. */
  attributes: string[];
  /** Event property keys seen on the 5,000 latest events, at most 100, sorted. */
  properties: string[];
}

/**
 * Top-level keys only (a breakdown reads top-level values), and at most 100 characters, as the
 * breakdown's key is. Two index-bounded samples: the customers' primary key, the events' time.
 */
export async function listBreakdownKeys(db: Database): Promise<BreakdownKeys> {
  const rows = await queryRows<{ source: string; keys: string[] | null }>(
    db,
    sql`
      SELECT 'attributes' AS source, array(
        SELECT k FROM (SELECT attributes FROM customers ORDER BY id DESC LIMIT 2000) c,
          jsonb_object_keys(c.attributes) k
        WHERE length(k) <= 100 AND k !~ '[[:cntrl:]]'
        GROUP BY k ORDER BY k COLLATE "C" LIMIT 100) AS keys
      UNION ALL
      SELECT 'properties', array(
        SELECT k FROM (SELECT properties FROM events ORDER BY occurred_at DESC LIMIT 5000) e,
          jsonb_object_keys(e.properties) k
        WHERE length(k) <= 100 AND k !~ '[[:cntrl:]]'
        GROUP BY k ORDER BY k COLLATE "C" LIMIT 100)`,
  );
  const of = (source: string) => rows.find((r) => r.source === source)?.keys ?? [];
  return { attributes: of("attributes"), properties: of("properties") };
}
