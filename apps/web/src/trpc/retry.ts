import { TRPCClientError } from "@trpc/client";

/**
 * Retries only what a retry can fix: a lost connection or a server fault. A client's mistake
 * (4xx: bad input, no access, the per-user limit) answers the same the second time, and a
 * query the server cut at its statement timeout (503) would only take another 30 s of the
 * user's share; both are shown at once instead of after three more attempts.
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!(error instanceof TRPCClientError)) return true;
  const data: unknown = error.data;
  const status =
    data !== null && typeof data === "object" && "httpStatus" in data ? data.httpStatus : undefined;
  if (typeof status !== "number") return true;
  return status >= 500 && status !== 503;
}
