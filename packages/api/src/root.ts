import { adminRouter } from "./router/admin";
import { catalogueRouter } from "./router/catalogue";
import { dashboardRouter } from "./router/dashboard";
import { funnelsRouter } from "./router/funnels";
import { sessionRouter } from "./router/session";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  admin: adminRouter,
  catalogue: catalogueRouter,
  dashboard: dashboardRouter,
  funnels: funnelsRouter,
  session: sessionRouter,
});

export type AppRouter = typeof appRouter;
