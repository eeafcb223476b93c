import { coded } from "@parcours/validators";
import { eq } from "drizzle-orm";
import type { Database } from "../client";
import { channels, stages } from "../schema";
import { DomainError } from "./errors";

/** The id behind a stage's or a channel's key; not_found when there is none. */
export async function idOf(db: Database, kind: "stage" | "channel", key: string): Promise<number> {
  const table = kind === "stage" ? stages : channels;
  const [row] = await db.select({ id: table.id }).from(table).where(eq(table.key, key));
  if (!row) throw new DomainError("not_found", coded("notFound", { what: kind, by: "key", key }));
  return row.id;
}
