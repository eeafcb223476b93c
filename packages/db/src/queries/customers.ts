import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { changingData } from "./data-version";
import { assignPersonas } from "./persona-assignment";

export interface CustomerUpsert {
  externalId: string;
  attributes: Record<string, unknown>;
}

/**
 * Creates customers or merges new attributes into theirs (a key sent again replaces its value,
 * keys not sent are kept), then applies the persona rules to them. A customer listed twice in
 * one call takes the merge of both, in order.
 */
export async function upsertCustomers(
  db: Database,
  rows: CustomerUpsert[],
): Promise<{ created: number; updated: number }> {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const merged = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    merged.set(row.externalId, { ...(merged.get(row.externalId) ?? {}), ...row.attributes });
  }
  // In id order: concurrent calls (Segment batches are one transaction each) then lock the same
  // customers in the same order and cannot deadlock.
  const ordered = [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const payload = JSON.stringify(ordered.map(([id, attributes]) => ({ id, attributes })));
  // Personas are reassigned here, which moves customers between breakdowns.
  return changingData(db, () => upsertInTransaction(db, payload));
}

async function upsertInTransaction(
  db: Database,
  payload: string,
): Promise<{ created: number; updated: number }> {
  return db.transaction(async (tx) => {
    const changed = await queryRows<{ id: number; created: boolean }>(
      tx,
      sql`INSERT INTO customers (external_id, attributes)
          SELECT x.id, x.attributes FROM jsonb_to_recordset(${payload}::jsonb) AS x(id text, attributes jsonb)
          ON CONFLICT (external_id) DO UPDATE SET attributes = customers.attributes || excluded.attributes
          RETURNING id, (xmax = 0) AS created`,
    );
    await assignPersonas(tx, { customerIds: changed.map((c) => c.id) });
    const created = changed.filter((c) => c.created).length;
    return { created, updated: changed.length - created };
  });
}
