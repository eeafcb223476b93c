import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { type AppRouter, appRouter } from "./root";
import { createCallerFactory, createTRPCContext } from "./trpc";
import { handleTRPCRequest } from "./trpc-handler";

/** Server-side calls without HTTP (server components, tests). */
const createCaller = createCallerFactory(appRouter);

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export { type AppRouter, appRouter, createCaller, createTRPCContext, handleTRPCRequest };
