import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";

/** A persona's key, made once from its name: the URL and the filters name it. */

function slug(name: string): string {
  const base = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 50)
    .replace(/_+$/, "");
  return base || "persona";
}

/** Keys the pages' addresses use (`/admin/personas/new`, `/personas/suggestions`). */
export const RESERVED_KEYS = ["new", "suggestions"];

/** The key a new persona with this name gets: its slug, with `_2`, `_3`… when taken. */
export async function newPersonaKey(db: Database, name: string): Promise<string> {
  const base = slug(name);
  const rows = await queryRows<{ key: string }>(
    db,
    sql`SELECT key FROM personas WHERE key = ${base} OR key ~ ${`^${base}_[0-9]+$`}`,
  );
  const taken = new Set([...RESERVED_KEYS, ...rows.map((r) => r.key)]);
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
}
