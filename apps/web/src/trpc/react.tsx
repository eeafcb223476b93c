"use client";

import type { AppRouter } from "@parcours/api";
import { MAX_TRPC_BATCH_SIZE } from "@parcours/validators";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchStreamLink, loggerLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useLocale } from "next-intl";
import { type ReactNode, useRef, useState } from "react";
import SuperJSON from "superjson";
import { createQueryClient } from "./query-client";
import { isUnexpectedError } from "./retry";
import { translateErrorsLink } from "./translate-errors";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // On the server every render gets a fresh client so that requests never share data.
  if (typeof window === "undefined") return createQueryClient();
  browserQueryClient ??= createQueryClient();
  return browserQueryClient;
}

function baseUrl(): string {
  // Client components only fetch in the browser; the server renders from the prefetched cache.
  return typeof window === "undefined" ? "http://localhost" : window.location.origin;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  // The language switch re-renders with the new locale; the client and its links stay.
  const locale = useRef(useLocale());
  locale.current = useLocale();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({
          enabled: (op) =>
            process.env.NODE_ENV === "development" ||
            (op.direction === "down" && op.result instanceof Error && isUnexpectedError(op.result)),
        }),
        translateErrorsLink(() => (locale.current === "fr" ? "fr" : "en")),
        httpBatchStreamLink({
          transformer: SuperJSON,
          // The server refuses larger batches.
          maxItems: MAX_TRPC_BATCH_SIZE,
          url: `${baseUrl()}/api/trpc`,
          headers() {
            const headers = new Headers();
            headers.set("x-trpc-source", "nextjs-react");
            return headers;
          },
        }),
      ],
    }),
  );

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
