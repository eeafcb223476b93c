import { coded } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { type Actor, recordAudit } from "./audit";
import { changingData } from "./data-version";
import { DomainError } from "./errors";

export interface ErasedCustomer {
  /** The customer's internal id, which is all the audit log keeps of them. */
  id: number;
  /** Comments removed from their events. */
  comments: number;
}

/** What an erased customer's external id becomes: no longer theirs, still one row per customer. */
export function erasedExternalId(id: number): string {
  return `erased-${id}`;
}

/**
 * Erases what identifies one customer, in one transaction (docs/privacy.md): the comments on
 * their events, their external id (replaced by `erased-<id>`) and their attributes. Their events
 * stay, without comments, so that every figure already shown and reviewed stays as it was; the
 * persona they were in is kept. The audit log records who erased which internal id and how many
 * comments went, never the external id. A later event under the same external id starts a new
 * customer.
 */
export async function eraseCustomer(
  db: Database,
  actor: Actor,
  externalId: string,
): Promise<ErasedCustomer> {
  return changingData(db, () =>
    db.transaction(async (tx) => {
      const [customer] = await queryRows<{ id: number }>(
        tx,
        sql`SELECT id FROM customers WHERE external_id = ${externalId} FOR UPDATE`,
      );
      if (!customer) {
        throw new DomainError("not_found", coded("customerNotFound", { id: externalId }));
      }
      const [removed] = await queryRows<{ n: number }>(
        tx,
        sql`WITH cleared AS (
              UPDATE events SET comment = NULL
              WHERE customer_id = ${customer.id} AND comment IS NOT NULL
              RETURNING 1
            )
            SELECT count(*)::int AS n FROM cleared`,
      );
      await queryRows(
        tx,
        sql`UPDATE customers SET external_id = ${erasedExternalId(customer.id)}, attributes = '{}'::jsonb
            WHERE id = ${customer.id}`,
      );
      const comments = removed?.n ?? 0;
      await recordAudit(tx, actor, {
        action: "customer.erase",
        entityType: "customer",
        entityId: customer.id,
        message: coded("auditCustomerErase", { id: customer.id, comments }),
        after: { comments },
      });
      return { id: customer.id, comments };
    }),
  );
}
