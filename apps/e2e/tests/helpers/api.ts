import type { AppRouter, RouterInputs, RouterOutputs } from "@parcours/api";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { cookieHeader, sessionCookieHeader, type TRole } from "./auth";
import { BASE_URL } from "./server";

/** A tRPC client on the e2e server sending `cookie` (a session, or nothing: anonymous). */
export function apiWithCookie(cookie: () => Promise<string | undefined>) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${BASE_URL}/api/trpc`,
        transformer: superjson,
        headers: async () => {
          const value = await cookie();
          return value ? { cookie: value } : {};
        },
      }),
    ],
  });
}

/** The API as `role`, or anonymous with `null`. */
export function apiAs(role: TRole | null) {
  return apiWithCookie(async () => (role ? cookieHeader(role) : undefined));
}

/** A client signed in with a session token obtained in the test. */
export function apiWithSession(token: string) {
  return apiWithCookie(async () => sessionCookieHeader(token));
}

/** The same tRPC API the pages call, on the same server, signed in as a manager. */
export const api = apiAs("manager");

export type TCatalogue = RouterOutputs["catalogue"]["get"];
export type TKpis = RouterOutputs["dashboard"]["kpis"];
export type TFunnel = RouterOutputs["dashboard"]["funnel"];
export type TPersonas = RouterOutputs["dashboard"]["personas"];
export type THeatmap = RouterOutputs["dashboard"]["heatmap"];
export type TEmotion = RouterOutputs["dashboard"]["emotion"];
export type TFunnelBuild = RouterOutputs["funnels"]["build"];
export type TFunnelStep = RouterInputs["dashboard"]["funnel"]["steps"][number];

/** A procedure call's outcome as its tRPC error code, or "OK": for access checks. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCClientError) return String(error.data?.code);
    throw error;
  }
}
