import { coded, type Role } from "@parcours/validators";
import { and, asc, count, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import type { Database } from "../client";
import { signInFailures, users } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { DomainError } from "./errors";

/** What the app may know about a user: never the password hash. */
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  sessionVersion: number;
  lastSignInAt: Date | null;
  createdAt: Date;
}

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  sessionVersion: users.sessionVersion,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The audit log's view of a user: enough to tell what changed, nothing secret. */
function auditView(user: UserRow) {
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabledAt !== null,
  };
}

export async function listUsers(db: Database): Promise<UserRow[]> {
  return db.select(publicColumns).from(users).orderBy(asc(users.email));
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

async function getUser(db: Database, id: number): Promise<UserRow> {
  const [user] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  if (!user)
    throw new DomainError("not_found", coded("notFound", { what: "user", by: "id", key: id }));
  return user;
}

export interface CreateUserParams {
  email: string;
  name?: string;
  role: Role;
  passwordHash: string;
}

export async function createUser(
  db: Database,
  actor: Actor,
  params: CreateUserParams,
): Promise<UserRow> {
  const email = normaliseEmail(params.email);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new DomainError("conflict", coded("userEmailTaken", { email }));
    const [user] = await tx
      .insert(users)
      .values({
        email,
        name: params.name?.trim() ?? "",
        role: params.role,
        passwordHash: params.passwordHash,
      })
      .returning(publicColumns);
    if (!user) throw new Error("insert returned no row");
    await recordAudit(tx, actor, {
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      message: coded("auditUserCreate", { email, role: params.role }),
      after: auditView(user),
    });
    return user;
  });
}

/** For sign-in only: the one place the password hash is read. */
export async function findUserForSignIn(
  db: Database,
  email: string,
): Promise<(UserRow & { passwordHash: string }) | null> {
  const [user] = await db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return user ?? null;
}

/**
 * The user behind a session, or null when the session must stop working: the user is gone or
 * disabled, or their role or password changed since the session was issued.
 */
export async function getSessionUser(
  db: Database,
  id: number,
  sessionVersion: number,
): Promise<UserRow | null> {
  const [user] = await db
    .select(publicColumns)
    .from(users)
    .where(
      and(eq(users.id, id), eq(users.sessionVersion, sessionVersion), isNull(users.disabledAt)),
    );
  return user ?? null;
}

/**
 * A successful sign-in from `ip`: forgets that address's own failures against the account (its
 * owner's typos), not those from other addresses, which still count against the account.
 */
export async function recordSignIn(
  db: Database,
  params: { id: number; email: string; ip: string },
): Promise<void> {
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, params.id));
  await db
    .delete(signInFailures)
    .where(
      and(eq(signInFailures.email, normaliseEmail(params.email)), eq(signInFailures.ip, params.ip)),
    );
}

/** Refuses a change that would leave no enabled admin. Call inside the change's transaction. */
async function assertAnotherAdmin(
  tx: Database,
  exceptId: number,
  action: "role" | "disable",
): Promise<void> {
  // Locks the enabled admins so that two concurrent demotions cannot both pass the check.
  const others = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, exceptId)))
    .for("update");
  if (others.length === 0) {
    throw new DomainError("precondition", coded("lastAdmin", { action }));
  }
}

export async function setUserRole(
  db: Database,
  actor: Actor,
  id: number,
  role: Role,
): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const before = await getUser(tx, id);
    if (before.role === role) return before;
    if (before.role === "admin" && before.disabledAt === null) {
      await assertAnotherAdmin(tx, id, "role");
    }
    const [after] = await tx
      .update(users)
      .set({ role, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning(publicColumns);
    if (!after)
      throw new DomainError("not_found", coded("notFound", { what: "user", by: "id", key: id }));
    await recordAudit(tx, actor, {
      action: "user.role",
      entityType: "user",
      entityId: id,
      message: coded("auditUserRole", { email: before.email, from: before.role, to: role }),
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

export async function setUserDisabled(
  db: Database,
  actor: Actor,
  id: number,
  disabled: boolean,
): Promise<UserRow> {
  if (disabled && actor.id === id) {
    throw new DomainError("precondition", coded("cannotDisableSelf"));
  }
  return db.transaction(async (tx) => {
    const before = await getUser(tx, id);
    if ((before.disabledAt !== null) === disabled) return before;
    if (disabled && before.role === "admin") await assertAnotherAdmin(tx, id, "disable");
    const [after] = await tx
      .update(users)
      .set({
        disabledAt: disabled ? new Date() : null,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning(publicColumns);
    if (!after)
      throw new DomainError("not_found", coded("notFound", { what: "user", by: "id", key: id }));
    await recordAudit(tx, actor, {
      action: disabled ? "user.disable" : "user.enable",
      entityType: "user",
      entityId: id,
      message: coded("auditUserDisabled", {
        disabled: disabled ? "yes" : "no",
        email: before.email,
      }),
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

/** Sets a new password hash and ends the user's sessions. */
export async function resetUserPassword(
  db: Database,
  actor: Actor,
  id: number,
  passwordHash: string,
): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const before = await getUser(tx, id);
    const [after] = await tx
      .update(users)
      .set({
        passwordHash,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning(publicColumns);
    if (!after)
      throw new DomainError("not_found", coded("notFound", { what: "user", by: "id", key: id }));
    await recordAudit(tx, actor, {
      action: "user.password",
      entityType: "user",
      entityId: id,
      message: coded("auditUserPassword", { email: before.email }),
    });
    return after;
  });
}

/** One recent failed sign-in that shares the attempt's email, its address, or both. */
export interface SignInFailure {
  at: Date;
  sameEmail: boolean;
  sameIp: boolean;
}

/**
 * The failures after `since` against `email` or from `ip`, oldest first: what every sign-in
 * limit is computed from. Few rows by construction: the limits stop recording failures of an
 * address or an account long before they grow.
 */
export async function listSignInFailures(
  db: Database,
  params: { email: string; ip: string; since: Date },
): Promise<SignInFailure[]> {
  const email = normaliseEmail(params.email);
  const rows = await db
    .select({
      at: signInFailures.at,
      sameEmail: sql<boolean>`${signInFailures.email} = ${email}`,
      sameIp: sql<boolean>`${signInFailures.ip} = ${params.ip}`,
    })
    .from(signInFailures)
    .where(
      and(
        // Half-open: a failure leaves a window exactly when the wait it caused ends.
        gt(signInFailures.at, params.since),
        sql`(${signInFailures.email} = ${email} OR ${signInFailures.ip} = ${params.ip})`,
      ),
    )
    .orderBy(asc(signInFailures.at));
  return rows.map((row) => ({ at: row.at, sameEmail: row.sameEmail, sameIp: row.sameIp }));
}

export async function recordSignInFailure(
  db: Database,
  params: { email: string; ip: string; at: Date; pruneBefore: Date },
): Promise<void> {
  await db
    .insert(signInFailures)
    .values({ email: normaliseEmail(params.email).slice(0, 320), ip: params.ip, at: params.at });
  await db.delete(signInFailures).where(lt(signInFailures.at, params.pruneBefore));
}
