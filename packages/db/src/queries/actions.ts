import {
  coded,
  type TActionMetric,
  type TActionStatus,
  type TActionUpdate,
  type TAnnotationTarget,
  type TStageMetric,
} from "@parcours/validators";
import { and, asc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../client";
import { annotations, opportunityActions, stages, users } from "../schema";
import { recordAudit } from "./audit";
import { DomainError } from "./errors";
import { getView, type ViewUser } from "./views";

/*
 * Opportunities that become actions (issue 18 item 2). An opportunity is the first comment of
 * a thread of kind "opportunity"; its action (owner, status, due date, the stage metric it
 * should move) lives in opportunity_actions, created on the first change. Without a row it is
 * an idea that nobody owns yet.
 */

export interface ActionRow {
  /** The opportunity's id (its thread's first comment). */
  id: number;
  viewId: number;
  body: string;
  target: TAnnotationTarget;
  authorName: string;
  createdAt: Date;
  status: TActionStatus;
  owner: { id: number; name: string; email: string } | null;
  /** YYYY-MM-DD, or null. */
  dueDate: string | null;
  metric: TActionMetric | null;
  plannedAt: Date | null;
  startedAt: Date | null;
  doneAt: Date | null;
  droppedAt: Date | null;
}

const author = alias(users, "author");
const owner = alias(users, "owner");

/** The view's opportunities as actions, oldest first; the view must be one the user can see. */
export async function listActions(
  db: Database,
  user: ViewUser,
  viewId: number,
): Promise<ActionRow[]> {
  await getView(db, user, viewId);
  const rows = await db
    .select({
      id: annotations.id,
      viewId: annotations.viewId,
      body: annotations.body,
      target: annotations.target,
      authorName: author.name,
      createdAt: annotations.createdAt,
      status: opportunityActions.status,
      ownerId: owner.id,
      ownerName: owner.name,
      ownerEmail: owner.email,
      dueDate: opportunityActions.dueDate,
      metric: opportunityActions.metric,
      plannedAt: opportunityActions.plannedAt,
      startedAt: opportunityActions.startedAt,
      doneAt: opportunityActions.doneAt,
      droppedAt: opportunityActions.droppedAt,
    })
    .from(annotations)
    .innerJoin(author, eq(author.id, annotations.authorId))
    .leftJoin(opportunityActions, eq(opportunityActions.annotationId, annotations.id))
    .leftJoin(owner, eq(owner.id, opportunityActions.ownerId))
    .where(
      and(
        eq(annotations.viewId, viewId),
        eq(annotations.kind, "opportunity"),
        isNull(annotations.parentId),
      ),
    )
    .orderBy(asc(annotations.createdAt), asc(annotations.id));
  return rows.map((r) => ({
    id: r.id,
    viewId: r.viewId,
    body: r.body,
    target: r.target,
    authorName: r.authorName,
    createdAt: r.createdAt,
    status: r.status ?? "idea",
    owner:
      r.ownerId !== null && r.ownerName !== null && r.ownerEmail !== null
        ? { id: r.ownerId, name: r.ownerName, email: r.ownerEmail }
        : null,
    dueDate: r.dueDate,
    metric: r.metric,
    plannedAt: r.plannedAt,
    startedAt: r.startedAt,
    doneAt: r.doneAt,
    droppedAt: r.droppedAt,
  }));
}

/** The people an action can be given to: enabled users, by name. */
export async function listActionOwners(
  db: Database,
): Promise<{ id: number; name: string; email: string }[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(asc(users.name), asc(users.id));
}

/** The timestamp a status sets when an action reaches it. */
const STEP_COLUMN = {
  planned: "plannedAt",
  in_progress: "startedAt",
  done: "doneAt",
  dropped: "droppedAt",
} as const;

/**
 * Changes an opportunity's action. Managers and admins may change any action on a view they
 * can see; a viewer only the actions they own. Reaching a status stamps when (work that starts
 * or ends without having been planned is planned at that moment, so "when it was planned" always
 * has an answer). One audit entry per change.
 */
export async function updateAction(
  db: Database,
  user: ViewUser,
  input: TActionUpdate,
): Promise<ActionRow> {
  const [opportunity] = await db
    .select({
      id: annotations.id,
      viewId: annotations.viewId,
      kind: annotations.kind,
      parentId: annotations.parentId,
    })
    .from(annotations)
    .where(eq(annotations.id, input.id));
  const notFound = () =>
    new DomainError(
      "not_found",
      coded("notFound", { what: "opportunity", by: "id", key: input.id }),
    );
  if (!opportunity) throw notFound();
  // An opportunity on a view the user cannot see is "not found" too, without naming the view.
  const view = await getView(db, user, opportunity.viewId).catch((error: unknown) => {
    throw error instanceof DomainError ? notFound() : error;
  });
  if (opportunity.kind !== "opportunity" || opportunity.parentId !== null) {
    throw new DomainError("invalid", coded("actionNotOpportunity", { id: input.id }));
  }
  if (input.ownerId !== undefined && input.ownerId !== null) {
    const [person] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.ownerId), isNull(users.disabledAt)));
    if (!person) {
      throw new DomainError("invalid", coded("actionOwnerUnknown", { id: input.ownerId }));
    }
  }
  if (input.metric) await checkMetric(db, input.metric);

  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(opportunityActions)
      .where(eq(opportunityActions.annotationId, input.id))
      .for("update");
    if (user.role === "viewer" && current?.ownerId !== user.id) {
      throw new DomainError("precondition", coded("actionNotOwner"));
    }
    const before = {
      status: current?.status ?? "idea",
      ownerId: current?.ownerId ?? null,
      dueDate: current?.dueDate ?? null,
      metric: current?.metric ?? null,
    };
    const after = {
      status: input.status ?? before.status,
      ownerId: input.ownerId === undefined ? before.ownerId : input.ownerId,
      dueDate: input.dueDate === undefined ? before.dueDate : input.dueDate,
      metric: input.metric === undefined ? before.metric : input.metric,
    };
    const now = new Date();
    const stamps: Partial<Record<(typeof STEP_COLUMN)[keyof typeof STEP_COLUMN], Date>> = {};
    if (after.status !== before.status && after.status !== "idea") {
      stamps[STEP_COLUMN[after.status]] = now;
      const started = after.status === "in_progress" || after.status === "done";
      if (started && !current?.plannedAt) stamps.plannedAt = now;
    }
    const values = { ...after, ...stamps, updatedAt: now };
    await tx
      .insert(opportunityActions)
      .values({ annotationId: input.id, ...values })
      .onConflictDoUpdate({ target: opportunityActions.annotationId, set: values });
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await recordAudit(tx, user, {
        action: "action.update",
        entityType: "action",
        entityId: input.id,
        message: coded("auditActionUpdate", {
          view: view.name,
          from: before.status,
          to: after.status === before.status ? "same" : after.status,
        }),
        before,
        after,
      });
    }
    const rows = await listActions(tx, user, opportunity.viewId);
    const row = rows.find((r) => r.id === input.id);
    if (!row) throw notFound();
    return row;
  });
}

/** The stage and its metric must be in the catalogue. */
async function checkMetric(db: Database, metric: TActionMetric): Promise<void> {
  const [stage] = await db
    .select({ metrics: stages.metrics })
    .from(stages)
    .where(eq(stages.key, metric.stage));
  if (!stage?.metrics.some((m) => m.key === metric.metric)) {
    throw new DomainError(
      "invalid",
      coded("actionMetricUnknown", { stage: metric.stage, metric: metric.metric }),
    );
  }
}

/** The metrics an action can aim at: each stage's, in the stages' order. */
export async function listActionMetricChoices(db: Database): Promise<
  {
    stage: string;
    stageName: string;
    metrics: { key: string; name: string; target: TStageMetric["target"] }[];
  }[]
> {
  const rows = await db
    .select({ key: stages.key, name: stages.name, metrics: stages.metrics })
    .from(stages)
    .orderBy(asc(stages.position), asc(stages.id));
  return rows
    .filter((s) => s.metrics.length > 0)
    .map((s) => ({
      stage: s.key,
      stageName: s.name,
      metrics: s.metrics.map((m) => ({ key: m.key, name: m.name, target: m.target })),
    }));
}
