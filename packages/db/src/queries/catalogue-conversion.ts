import { coded } from "@parcours/validators";
import { eq, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { stages } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { advanceDataVersion } from "./data-version";
import { DomainError } from "./errors";

export interface ConversionStageEffect {
  /** Changing the conversion stage never rewrites an event; the KPIs' definition changes. */
  eventsChanged: 0;
  fromStage: string | null;
  toStage: string;
  /** Customers with an event in the current conversion stage, ever. */
  customersFrom: number;
  /** Customers with an event in the new one, ever: those who will count as converted. */
  customersTo: number;
}

async function conversionChange(db: Database, key: string) {
  const rows = await db.select().from(stages);
  const to = rows.find((s) => s.key === key);
  if (!to) throw new DomainError("not_found", coded("notFound", { what: "stage", by: "key", key }));
  const from = rows.find((s) => s.isConversion) ?? null;
  return { from, to };
}

export async function previewConversionStage(
  db: Database,
  key: string,
): Promise<ConversionStageEffect> {
  const { from, to } = await conversionChange(db, key);
  const [row] = await queryRows<{ from_n: number; to_n: number }>(
    db,
    sql`SELECT
          (count(DISTINCT customer_id) FILTER (WHERE stage_id = ${from?.id ?? null}))::int AS from_n,
          (count(DISTINCT customer_id) FILTER (WHERE stage_id = ${to.id}))::int AS to_n
        FROM events WHERE stage_id IN (${to.id}, ${from?.id ?? to.id})`,
  );
  return {
    eventsChanged: 0,
    fromStage: from?.key ?? null,
    toStage: to.key,
    customersFrom: row?.from_n ?? 0,
    customersTo: row?.to_n ?? 0,
  };
}

/** Makes `key` the conversion stage (KPIs, persona conversion rate). No event changes. */
export async function setConversionStage(db: Database, actor: Actor, key: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { from, to } = await conversionChange(tx, key);
    if (from?.id === to.id) return;
    // Clear first: a partial unique index allows one conversion stage at a time.
    await tx.update(stages).set({ isConversion: false }).where(eq(stages.isConversion, true));
    await tx.update(stages).set({ isConversion: true }).where(eq(stages.id, to.id));
    await recordAudit(tx, actor, {
      action: "stage.conversion",
      entityType: "stage",
      entityId: to.key,
      message: coded("auditStageConversion", { to: to.name, from: from?.name ?? "none" }),
      before: { conversionStage: from?.key ?? null },
      after: { conversionStage: to.key },
    });
  });
  await advanceDataVersion(db);
}
