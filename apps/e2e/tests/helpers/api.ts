import type { AppRouter, RouterInputs, RouterOutputs } from "@parcours/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import { BASE_URL } from "./server";

/** The same tRPC API the pages call, on the same server: what the charts should show. */
export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: `${BASE_URL}/api/trpc`, transformer: superjson })],
});

export type TCatalogue = RouterOutputs["catalogue"]["get"];
export type TKpis = RouterOutputs["dashboard"]["kpis"];
export type TFunnel = RouterOutputs["dashboard"]["funnel"];
export type TPersonas = RouterOutputs["dashboard"]["personas"];
export type THeatmap = RouterOutputs["dashboard"]["heatmap"];
export type TEmotion = RouterOutputs["dashboard"]["emotion"];
export type TFunnelBuild = RouterOutputs["funnels"]["build"];
export type TFunnelStep = RouterInputs["dashboard"]["funnel"]["steps"][number];
