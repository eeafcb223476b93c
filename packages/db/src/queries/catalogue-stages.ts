import {
  coded,
  metricChannels,
  metricTouchpoints,
  type TStageMetricsUpdate,
  type TStageUpdate,
} from "@parcours/validators";
import { eq, sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { channels, stages, touchpoints } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { advanceDataVersion } from "./data-version";
import { DomainError } from "./errors";

/*
 * What each catalogue change does to history (docs/metrics.md, "Catalogue changes and
 * history"): names, goals and actions are display only; the stage order moves no event but
 * every stage funnel and next-stage conversion follow it; moving a touchpoint re-attributes its
 * past events that inherited its stage (not those that named their own), and changing its
 * channel moves its events that were on its old channel.
 */

/** Whether two JSON values are equal: an edit that changes nothing writes no audit entry. */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** JSON with object keys sorted: jsonb hands keys back in its own order. */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

export async function updateStage(db: Database, actor: Actor, input: TStageUpdate): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(stages).where(eq(stages.key, input.key)).for("update");
    if (!row)
      throw new DomainError(
        "not_found",
        coded("notFound", { what: "stage", by: "key", key: input.key }),
      );
    const before = { name: row.name, goal: row.goal, actions: row.actions };
    const after = { name: input.name, goal: input.goal, actions: input.actions };
    if (same(before, after)) return;
    await tx.update(stages).set(after).where(eq(stages.id, row.id));
    await recordAudit(tx, actor, {
      action: "stage.update",
      entityType: "stage",
      entityId: input.key,
      message: coded("auditStageUpdate", {
        from: row.name === input.name ? "same" : row.name,
        to: input.name,
      }),
      before,
      after,
    });
  });
  await advanceDataVersion(db);
}

/** The stage keys in their current order; throws unless `keys` is a permutation of them. */
async function checkNewOrder(db: Database, keys: string[], lock: boolean): Promise<string[]> {
  const query = db.select({ key: stages.key }).from(stages).orderBy(stages.position, stages.id);
  const known = (await (lock ? query.for("update") : query)).map((s) => s.key);
  const missing = known.filter((k) => !keys.includes(k));
  const unknown = keys.filter((k) => !known.includes(k));
  const repeated = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    const list = (keys: string[]) => (keys.length > 0 ? keys.join(", ") : "none");
    throw new DomainError(
      "invalid",
      coded("stageOrderInvalid", {
        missing: list(missing),
        unknown: list(unknown),
        repeated: list(repeated),
      }),
    );
  }
  return known;
}

export interface StageReorderEffect {
  /** Reordering never rewrites an event. */
  eventsChanged: 0;
  before: string[];
  after: string[];
  /**
   * Stages whose next stage changes: their next-stage conversion (heatmap, journey map) will be
   * measured against another stage. `customers`: customers with an event in the stage, ever.
   */
  nextStageChanges: {
    stage: string;
    customers: number;
    fromNext: string | null;
    toNext: string | null;
  }[];
}

const nextOf = (order: string[], key: string) => order[order.indexOf(key) + 1] ?? null;

/** What a new stage order would change, before it is saved. */
export async function previewStageReorder(
  db: Database,
  keys: string[],
): Promise<StageReorderEffect> {
  const before = await checkNewOrder(db, keys, false);
  const changed = keys.filter((k) => nextOf(before, k) !== nextOf(keys, k));
  const customers = new Map<string, number>();
  if (changed.length > 0) {
    const rows = await queryRows<{ key: string; customers: number }>(
      db,
      sql`SELECT s.key, count(DISTINCT e.customer_id)::int AS customers
          FROM events e JOIN stages s ON s.id = e.stage_id
          WHERE s.key IN (${sql.join(
            changed.map((k) => sql`${k}`),
            sql`, `,
          )})
          GROUP BY s.key`,
    );
    for (const r of rows) customers.set(r.key, r.customers);
  }
  return {
    eventsChanged: 0,
    before,
    after: keys,
    nextStageChanges: changed.map((stage) => ({
      stage,
      customers: customers.get(stage) ?? 0,
      fromNext: nextOf(before, stage),
      toNext: nextOf(keys, stage),
    })),
  };
}

/** New stage order: every stage key exactly once. No event changes. */
export async function reorderStages(db: Database, actor: Actor, keys: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await checkNewOrder(tx, keys, true);
    if (same(before, keys)) return;
    const order = sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    );
    // Two steps, so that no intermediate state reuses a position another row still holds (safe
    // should positions ever become unique): first above every current position, then 0..n-1.
    await queryRows(
      tx,
      sql`WITH o AS (SELECT key, ordinality AS i FROM unnest(ARRAY[${order}]::text[]) WITH ORDINALITY AS u(key, ordinality)),
            top AS (SELECT greatest(max(position), count(*)) AS p FROM stages)
          UPDATE stages s SET position = (SELECT p FROM top) + o.i FROM o WHERE s.key = o.key`,
    );
    await queryRows(
      tx,
      sql`WITH o AS (SELECT key, ordinality AS i FROM unnest(ARRAY[${order}]::text[]) WITH ORDINALITY AS u(key, ordinality))
          UPDATE stages s SET position = o.i - 1 FROM o WHERE s.key = o.key`,
    );
    await recordAudit(tx, actor, {
      action: "stage.reorder",
      entityType: "stage",
      entityId: "order",
      message: coded("auditStageReorder", { order: keys.join(" → ") }),
      before,
      after: keys,
    });
  });
  await advanceDataVersion(db);
}

/**
 * A new stage goes last in the order, and is not the conversion stage: no event is in it yet,
 * so no figure changes until events name it (or a touchpoint is placed in it).
 */
export async function createStage(db: Database, actor: Actor, input: TStageUpdate): Promise<void> {
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: stages.id })
      .from(stages)
      .where(eq(stages.key, input.key));
    if (existing)
      throw new DomainError("conflict", coded("alreadyExists", { what: "stage", key: input.key }));
    const [top] = await queryRows<{ p: number }>(
      tx,
      sql`SELECT coalesce(max(position) + 1, 0)::int AS p FROM stages`,
    );
    const values = { name: input.name, goal: input.goal, actions: input.actions };
    await tx.insert(stages).values({ key: input.key, position: top?.p ?? 0, ...values });
    await recordAudit(tx, actor, {
      action: "stage.create",
      entityType: "stage",
      entityId: input.key,
      message: coded("auditStageCreate", { name: input.name }),
      after: values,
    });
  });
  await advanceDataVersion(db);
}

/**
 * Replaces a stage's metrics (docs/metrics.md, "Stage metrics"). Every touchpoint a metric names
 * must be in the catalogue. No event changes, but the journey map's figures do.
 */
export async function setStageMetrics(
  db: Database,
  actor: Actor,
  input: TStageMetricsUpdate,
): Promise<void> {
  const changed = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(stages).where(eq(stages.key, input.stage)).for("update");
    if (!row)
      throw new DomainError(
        "not_found",
        coded("notFound", { what: "stage", by: "key", key: input.stage }),
      );
    const known = new Set(
      (await tx.select({ key: touchpoints.key }).from(touchpoints)).map((t) => t.key),
    );
    for (const metric of input.metrics) {
      const unknown = [...new Set(metricTouchpoints(metric).filter((k) => !known.has(k)))];
      if (unknown.length > 0) {
        throw new DomainError(
          "invalid",
          coded("stageMetricUnknownTouchpoints", { metric: metric.key, keys: unknown.join(", ") }),
        );
      }
      const channelKeys = metricChannels(metric);
      if (channelKeys.length > 0) {
        const knownChannels = new Set(
          (await tx.select({ key: channels.key }).from(channels)).map((c) => c.key),
        );
        const missing = [...new Set(channelKeys.filter((k) => !knownChannels.has(k)))];
        if (missing.length > 0) {
          throw new DomainError(
            "invalid",
            coded("stageMetricUnknownChannels", { metric: metric.key, keys: missing.join(", ") }),
          );
        }
      }
    }
    if (canonical(row.metrics) === canonical(input.metrics)) return false;
    await tx.update(stages).set({ metrics: input.metrics }).where(eq(stages.id, row.id));
    const names = input.metrics.map((m) => m.name).join(", ");
    await recordAudit(tx, actor, {
      action: "stage.metrics",
      entityType: "stage",
      entityId: input.stage,
      message: coded("auditStageMetrics", { name: row.name, metrics: names || "none" }),
      before: row.metrics,
      after: input.metrics,
    });
    return true;
  });
  if (changed) await advanceDataVersion(db);
}
