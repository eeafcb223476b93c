import { randomBytes } from "node:crypto";

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

export function internalErrorMessage(reference: string): string {
  return `something went wrong on our side; the error is logged under reference ${reference}`;
}
