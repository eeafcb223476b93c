import { randomBytes } from "node:crypto";
import { coded, formatMessage, type TCodedMessage } from "@parcours/validators";

/** The reference each internal error was logged under, so that it is logged once. */
const references = new WeakMap<object, string>();

/**
 * Logs one of our failures with the full cause (server-side only) under a short reference
 * the client is given instead, and returns the reference. An error already reported keeps
 * its reference; `reference` files a redacted copy under its original's.
 */
export function reportInternalError(
  error: Error,
  path: string | undefined,
  reference?: string,
): string {
  const known = references.get(error);
  if (known) return known;
  if (reference) {
    references.set(error, reference);
    return reference;
  }
  const created = randomBytes(6).toString("hex");
  references.set(error, created);
  console.error(`[trpc] ${created} ${path ?? "<no path>"} failed:`, error.cause ?? error);
  return created;
}

/** What the client is told of one of our failures: its reference, by code. */
export function internalErrorCoded(reference: string): TCodedMessage {
  return coded("internalError", { reference });
}

export function internalErrorMessage(reference: string): string {
  return formatMessage("en", internalErrorCoded(reference));
}
