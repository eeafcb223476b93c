import { TRPCClientError } from "@trpc/client";

/**
 * Retries only what a retry can fix: a lost connection or a server fault. A client's mistake
 * (4xx: bad input, no access, the per-user limit) answers the same the second time, and a
 * query the server cut at its statement timeout (503) would only take another 30 s of the
 * user's share; both are shown at once instead of after three more attempts.
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  const status = httpStatusOf(error);
  if (status === undefined) return true;
  return status >= 500 && status !== 503;
}

/**
 * Whether a failed call is worth the browser console: a server fault (5xx) or no answer at all
 * (network, aborted stream). A refusal of the user's input or rights (4xx) is shown where it
 * belongs, in the form or the section, and logging it would read as a bug to whoever opens the
 * console.
 */
export function isUnexpectedError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === undefined || status >= 500;
}

/** The HTTP status the server gave a tRPC error, when it gave one. */
function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  const status =
    data !== null && typeof data === "object" && "httpStatus" in data ? data.httpStatus : undefined;
  return typeof status === "number" ? status : undefined;
}
