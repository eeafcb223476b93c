import { z } from "zod";
import { ZBoundedDateSchema, ZIdSchema } from "./limits";
import { ZText } from "./text";

/** The roles, least first: each may do what the ones before it may (hasRole in auth). */
export const ROLES = ["viewer", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const ZRoleSchema = z.enum(ROLES, {
  error: () => `role must be one of ${ROLES.join(", ")}`,
});

export const ZEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, { error: "an email has at most 320 characters" })
  .pipe(z.email({ error: "enter a valid email address" }));

export const ZPasswordSchema = z
  .string()
  .min(12, { error: "a password needs at least 12 characters" })
  .max(200, { error: "a password has at most 200 characters" });

export const ZUserCreateSchema = z.object({
  email: ZEmailSchema,
  name: ZText().trim().max(200).default(""),
  role: ZRoleSchema,
  /** Absent: a password is generated and shown once. */
  password: ZPasswordSchema.optional(),
});
export type TUserCreate = z.infer<typeof ZUserCreateSchema>;

export const ZUserIdSchema = z.object({ id: ZIdSchema });

export const ZUserRoleChangeSchema = ZUserIdSchema.extend({ role: ZRoleSchema });
export const ZUserDisableSchema = ZUserIdSchema.extend({ disabled: z.boolean() });

export const ZAuditListSchema = z.object({
  entityType: ZText().trim().max(40).optional(),
  actor: ZText().trim().max(320).optional(),
  search: ZText().trim().max(200).optional(),
  from: ZBoundedDateSchema.optional(),
  to: ZBoundedDateSchema.optional(),
  /** The id of the last row already shown (TanStack infinite queries call it `cursor`). */
  cursor: ZIdSchema.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TAuditList = z.infer<typeof ZAuditListSchema>;
