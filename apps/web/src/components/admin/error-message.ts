import { TRPCClientError } from "@trpc/client";

/** The server's message for a refused request (it is written for people), else a fallback. */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof TRPCClientError && typeof error.message === "string" && error.message) {
    return error.data?.code === "INTERNAL_SERVER_ERROR" ? fallback : error.message;
  }
  return fallback;
}

/** Field-by-field messages of a BAD_REQUEST, for forms. */
export function fieldErrors(error: unknown): Record<string, string | undefined> {
  if (!(error instanceof TRPCClientError)) return {};
  const fields = error.data?.zodError?.fieldErrors as
    | Record<string, string[] | undefined>
    | undefined;
  if (!fields) return {};
  return Object.fromEntries(Object.entries(fields).map(([key, messages]) => [key, messages?.[0]]));
}

/**
 * A form's errors after a refused request: the messages that go beside their fields, and the
 * server's message for the whole form when none of them took it (null when nothing failed).
 */
export function formErrors(
  error: unknown,
  fallback: string,
): { fields: Record<string, string | undefined>; general: string | null } {
  const fields = fieldErrors(error);
  const general = error && Object.keys(fields).length === 0 ? errorMessage(error, fallback) : null;
  return { fields, general };
}
