import { ROLES, type Role } from "@parcours/db/schema";

export { ROLES, type Role };

const RANK: Record<Role, number> = { viewer: 0, manager: 1, admin: 2 };

/** Roles are ordered: an admin can do what a manager can, a manager what a viewer can. */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
