import { catalogueRouter } from "./router/catalogue";
import { dashboardRouter } from "./router/dashboard";
import { funnelsRouter } from "./router/funnels";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  catalogue: catalogueRouter,
  dashboard: dashboardRouter,
  funnels: funnelsRouter,
});

export type AppRouter = typeof appRouter;
