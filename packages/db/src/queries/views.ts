import {
  coded,
  describeIssues,
  type Role,
  type TAnnotationTarget,
  type TShareComments,
  type TViewFilters,
  type TViewPeriod,
  type TViewStep,
  ZViewPeriodSchema,
} from "@parcours/validators";
import { and, asc, desc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { annotations, savedViews, shareLinks, users } from "../schema";
import { recordAudit } from "./audit";
import { DomainError } from "./errors";
import { containsPattern, newSecret, secretHash } from "./secrets";

/** Who is asking: views are filtered and writes checked against it (and audited under it). */
export interface ViewUser {
  id: number;
  email: string;
  role: Role;
}

/** What the audit log keeps of a view: its settings, not who may open it. */
function viewAudit(view: SavedViewInput) {
  return {
    name: view.name,
    description: view.description,
    visibility: view.visibility,
    period: view.period,
    filters: view.filters,
    steps: view.steps,
    windowSeconds: view.windowSeconds,
  };
}

export interface SavedView {
  id: number;
  name: string;
  description: string;
  ownerId: number;
  ownerEmail: string;
  visibility: "private" | "team";
  period: TViewPeriod;
  filters: TViewFilters;
  steps: TViewStep[];
  windowSeconds: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SavedViewInput {
  name: string;
  description: string;
  visibility: "private" | "team";
  period: TViewPeriod;
  filters: TViewFilters;
  steps: TViewStep[];
  windowSeconds: number;
}

const DAY_MS = 86_400_000;

/**
 * The view's period as [from, to): fixed dates as saved, or the last N whole UTC days. Views
 * saved before periods were checked can hold dates such as 2026-13-45: those are refused with
 * what to fix rather than failing in the database.
 */
export function viewPeriod(period: TViewPeriod, now: Date = new Date()): { from: Date; to: Date } {
  const checked = ZViewPeriodSchema.safeParse(period);
  if (!checked.success) {
    throw new DomainError(
      "precondition",
      coded("viewPeriodInvalid", { problems: describeIssues(checked.error).join("; ") }),
    );
  }
  if (period.kind === "fixed") return { from: new Date(period.from), to: new Date(period.to) };
  const tomorrow = Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  return { from: new Date(tomorrow - period.days * DAY_MS), to: new Date(tomorrow) };
}

const columns = {
  id: savedViews.id,
  name: savedViews.name,
  description: savedViews.description,
  ownerId: savedViews.ownerId,
  ownerEmail: users.email,
  visibility: savedViews.visibility,
  period: savedViews.period,
  filters: savedViews.filters,
  steps: savedViews.steps,
  windowSeconds: savedViews.windowSeconds,
  createdAt: savedViews.createdAt,
  updatedAt: savedViews.updatedAt,
};

/** Team views, the user's own, and for admins everything (as SQL over saved_views). */
export function visibleTo(user: ViewUser) {
  return user.role === "admin"
    ? sql`true`
    : or(eq(savedViews.visibility, "team"), eq(savedViews.ownerId, user.id));
}

export async function listViews(
  db: Database,
  user: ViewUser,
  params: { search?: string } = {},
): Promise<SavedView[]> {
  const search = params.search?.trim();
  const pattern = search ? containsPattern(search) : undefined;
  return db
    .select(columns)
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .where(
      and(
        visibleTo(user),
        pattern
          ? or(ilike(savedViews.name, pattern), ilike(savedViews.description, pattern))
          : undefined,
      ),
    )
    .orderBy(desc(savedViews.updatedAt), desc(savedViews.id));
}

/** A view the user may see; one they may not see is "not found", like one that does not exist. */
export async function getView(db: Database, user: ViewUser, id: number): Promise<SavedView> {
  const [view] = await db
    .select(columns)
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .where(and(eq(savedViews.id, id), visibleTo(user)));
  if (!view)
    throw new DomainError("not_found", coded("notFound", { what: "view", by: "id", key: id }));
  return view;
}

async function canSeeView(db: Database, user: ViewUser, id: number): Promise<boolean> {
  const [row] = await db
    .select({ id: savedViews.id })
    .from(savedViews)
    .where(and(eq(savedViews.id, id), visibleTo(user)));
  return row !== undefined;
}

/** The view by id with no access check: for share links, which were checked already. */
export async function getViewById(db: Database, id: number): Promise<SavedView | null> {
  const [view] = await db
    .select(columns)
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .where(eq(savedViews.id, id));
  return view ?? null;
}

/** A view the user may change: its owner, or an admin (others: "only the view's owner…"). */
export async function getOwnedView(db: Database, user: ViewUser, id: number): Promise<SavedView> {
  const view = await getView(db, user, id);
  if (view.ownerId !== user.id && user.role !== "admin") {
    throw new DomainError("precondition", coded("viewNotOwner"));
  }
  return view;
}

export async function createView(
  db: Database,
  user: ViewUser,
  input: SavedViewInput,
): Promise<SavedView> {
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(savedViews)
      .values({ ...input, ownerId: user.id })
      .returning({ id: savedViews.id });
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, user, {
      action: "view.create",
      entityType: "view",
      entityId: row.id,
      message: coded("auditViewCreate", { name: input.name, visibility: input.visibility }),
      after: viewAudit(input),
    });
    return row.id;
  });
  return getView(db, user, id);
}

export async function updateView(
  db: Database,
  user: ViewUser,
  id: number,
  input: SavedViewInput,
): Promise<SavedView> {
  await db.transaction(async (tx) => {
    const before = await getOwnedView(tx, user, id);
    await tx
      .update(savedViews)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(savedViews.id, id));
    await recordAudit(tx, user, {
      action: "view.update",
      entityType: "view",
      entityId: id,
      message: coded("auditViewUpdate", {
        from: before.name === input.name ? "same" : before.name,
        to: input.name,
      }),
      before: viewAudit(before),
      after: viewAudit(input),
    });
  });
  return getView(db, user, id);
}

/** A private copy, owned by the user, named "… (copy)". */
export async function duplicateView(db: Database, user: ViewUser, id: number): Promise<SavedView> {
  const view = await getView(db, user, id);
  return createView(db, user, {
    name: `${view.name} (copy)`.slice(0, 120),
    description: view.description,
    visibility: "private",
    period: view.period,
    filters: view.filters,
    steps: view.steps,
    windowSeconds: view.windowSeconds,
  });
}

export async function deleteView(db: Database, user: ViewUser, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getOwnedView(tx, user, id);
    await tx.delete(savedViews).where(eq(savedViews.id, id));
    await recordAudit(tx, user, {
      action: "view.delete",
      entityType: "view",
      entityId: id,
      message: coded("auditViewDelete", { name: before.name }),
      before: viewAudit(before),
    });
  });
}

// ---------------------------------------------------------------- share links

export interface ShareLinkRow {
  id: number;
  viewId: number;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastOpenedAt: Date | null;
  comments: TShareComments;
  /** The sharer opted in to the customers' own feedback comments (never their ids). */
  customerComments: boolean;
}

const linkColumns = {
  id: shareLinks.id,
  viewId: shareLinks.viewId,
  prefix: shareLinks.prefix,
  createdAt: shareLinks.createdAt,
  expiresAt: shareLinks.expiresAt,
  revokedAt: shareLinks.revokedAt,
  lastOpenedAt: shareLinks.lastOpenedAt,
  comments: shareLinks.comments,
  customerComments: shareLinks.customerComments,
};

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A new read-only link; the token is returned this once (only its hash is kept). It shows no
 * comments unless `comments` says so (the team's notes), nor the customers' own comments unless
 * `customerComments` is true.
 */
export async function createShareLink(
  db: Database,
  user: ViewUser,
  viewId: number,
  expiresAt: Date | null,
  comments: TShareComments = "none",
  customerComments = false,
): Promise<{ link: ShareLinkRow; token: string }> {
  const view = await getOwnedView(db, user, viewId);
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new DomainError("invalid", coded("expiryInPast"));
  }
  const token = newSecret();
  const link = await db.transaction(async (tx) => {
    const [link] = await tx
      .insert(shareLinks)
      .values({
        viewId,
        tokenHash: secretHash(token),
        prefix: token.slice(0, 6),
        createdById: user.id,
        expiresAt,
        comments,
        customerComments,
      })
      .returning(linkColumns);
    if (!link) throw new Error("insert returned no row");
    // Only the token's first characters, as the links list shows them: never the token.
    await recordAudit(tx, user, {
      action: "share_link.create",
      entityType: "share_link",
      entityId: link.id,
      message: coded("auditShareLinkCreate", {
        prefix: link.prefix,
        view: view.name,
        expires: expiresAt ? expiresAt.toISOString().slice(0, 10) : "never",
      }),
      after: { viewId, prefix: link.prefix, expiresAt, comments, customerComments },
    });
    return link;
  });
  return { link, token };
}

export async function listShareLinks(
  db: Database,
  user: ViewUser,
  viewId: number,
): Promise<ShareLinkRow[]> {
  await getOwnedView(db, user, viewId);
  return db
    .select(linkColumns)
    .from(shareLinks)
    .where(eq(shareLinks.viewId, viewId))
    .orderBy(desc(shareLinks.id));
}

export async function revokeShareLink(
  db: Database,
  user: ViewUser,
  linkId: number,
): Promise<ShareLinkRow> {
  const [link] = await db.select(linkColumns).from(shareLinks).where(eq(shareLinks.id, linkId));
  // A link on a view the user cannot see is "not found" too, without naming that view.
  if (!link || !(await canSeeView(db, user, link.viewId))) {
    throw new DomainError("not_found", coded("notFound", { what: "link", by: "id", key: linkId }));
  }
  const view = await getOwnedView(db, user, link.viewId);
  // Revoking a revoked link changes nothing, and says nothing in the audit log.
  if (link.revokedAt) return link;
  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(shareLinks)
      .set({ revokedAt: new Date() })
      .where(eq(shareLinks.id, linkId))
      .returning(linkColumns);
    if (!after)
      throw new DomainError(
        "not_found",
        coded("notFound", { what: "link", by: "id", key: linkId }),
      );
    await recordAudit(tx, user, {
      action: "share_link.revoke",
      entityType: "share_link",
      entityId: linkId,
      message: coded("auditShareLinkRevoke", { prefix: link.prefix, view: view.name }),
      before: { revokedAt: null },
      after: { revokedAt: after.revokedAt },
    });
    return after;
  });
}

/**
 * The view a token opens, or null when the token is unknown, revoked or expired (the caller
 * answers 404 in every case, so a guess learns nothing).
 */
export async function resolveShareToken(
  db: Database,
  token: string,
  now: Date = new Date(),
): Promise<{ link: ShareLinkRow; view: SavedView } | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [link] = await db
    .select(linkColumns)
    .from(shareLinks)
    .where(and(eq(shareLinks.tokenHash, secretHash(token)), isNull(shareLinks.revokedAt)));
  if (!link || (link.expiresAt && link.expiresAt.getTime() <= now.getTime())) return null;
  const view = await getViewById(db, link.viewId);
  if (!view) return null;
  await db.update(shareLinks).set({ lastOpenedAt: now }).where(eq(shareLinks.id, link.id));
  return { link, view };
}

// ---------------------------------------------------------------- annotations

export interface AnnotationRow {
  id: number;
  viewId: number;
  parentId: number | null;
  kind: "comment" | "opportunity";
  target: TAnnotationTarget;
  body: string;
  authorEmail: string;
  authorName: string;
  resolvedAt: Date | null;
  createdAt: Date;
}

export async function listAnnotations(db: Database, viewId: number): Promise<AnnotationRow[]> {
  return db
    .select({
      id: annotations.id,
      viewId: annotations.viewId,
      parentId: annotations.parentId,
      kind: annotations.kind,
      target: annotations.target,
      body: annotations.body,
      authorEmail: users.email,
      authorName: users.name,
      resolvedAt: annotations.resolvedAt,
      createdAt: annotations.createdAt,
    })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.authorId))
    .where(eq(annotations.viewId, viewId))
    .orderBy(asc(annotations.createdAt), asc(annotations.id));
}

export async function addAnnotation(
  db: Database,
  user: ViewUser,
  viewId: number,
  input: {
    target: TAnnotationTarget;
    body: string;
    kind: "comment" | "opportunity";
    parentId?: number;
  },
): Promise<AnnotationRow> {
  const view = await getView(db, user, viewId);
  let target = input.target;
  if (input.parentId !== undefined) {
    const [parent] = await db
      .select({
        viewId: annotations.viewId,
        parentId: annotations.parentId,
        target: annotations.target,
      })
      .from(annotations)
      .where(eq(annotations.id, input.parentId));
    if (!parent || parent.viewId !== viewId) {
      throw new DomainError(
        "not_found",
        coded("commentNotFound", { id: input.parentId, onView: "yes" }),
      );
    }
    if (parent.parentId !== null) {
      throw new DomainError("invalid", coded("replyToFirstComment"));
    }
    target = parent.target;
  }
  const kind = input.parentId === undefined ? input.kind : "comment";
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(annotations)
      .values({
        viewId,
        parentId: input.parentId ?? null,
        kind,
        target,
        body: input.body,
        authorId: user.id,
      })
      .returning({ id: annotations.id });
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, user, {
      action: "annotation.create",
      entityType: "annotation",
      entityId: row.id,
      message: coded("auditAnnotationCreate", {
        kind: input.parentId === undefined ? kind : "reply",
        view: view.name,
      }),
      after: { viewId, parentId: input.parentId ?? null, kind, target, body: input.body },
    });
    return row;
  });
  const all = await listAnnotations(db, viewId);
  const created = all.find((a) => a.id === row.id);
  if (!created) throw new Error("the new comment is missing");
  return created;
}

/** Resolves or reopens a thread (its first comment); anyone who can see the view may. */
export async function setAnnotationResolved(
  db: Database,
  user: ViewUser,
  id: number,
  resolved: boolean,
): Promise<void> {
  const [row] = await db
    .select({
      viewId: annotations.viewId,
      parentId: annotations.parentId,
      resolvedAt: annotations.resolvedAt,
      kind: annotations.kind,
      viewName: savedViews.name,
    })
    .from(annotations)
    .innerJoin(savedViews, eq(savedViews.id, annotations.viewId))
    .where(eq(annotations.id, id));
  // A comment on a view the user cannot see is "not found" too, without naming that view.
  if (!row || !(await canSeeView(db, user, row.viewId))) {
    throw new DomainError("not_found", coded("commentNotFound", { id, onView: "no" }));
  }
  if (row.parentId !== null) throw new DomainError("invalid", coded("resolveThreadNotReply"));
  // Resolving a resolved thread (or reopening an open one) changes nothing to record.
  if ((row.resolvedAt !== null) === resolved) return;
  await db.transaction(async (tx) => {
    await tx
      .update(annotations)
      .set(
        resolved
          ? { resolvedAt: new Date(), resolvedById: user.id }
          : { resolvedAt: null, resolvedById: null },
      )
      .where(eq(annotations.id, id));
    await recordAudit(tx, user, {
      action: resolved ? "annotation.resolve" : "annotation.reopen",
      entityType: "annotation",
      entityId: id,
      message: coded("auditAnnotationResolve", {
        resolved: resolved ? "yes" : "no",
        kind: row.kind,
        view: row.viewName,
      }),
    });
  });
}
