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
