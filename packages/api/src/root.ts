import { actionsRouter } from "./router/actions";
import { adminRouter } from "./router/admin";
import { catalogueRouter } from "./router/catalogue";
import { cohortsRouter } from "./router/cohorts";
import { customersRouter } from "./router/customers";
import { dashboardRouter } from "./router/dashboard";
import { driversRouter } from "./router/drivers";
import { funnelsRouter } from "./router/funnels";
import { pathsRouter } from "./router/paths";
import { personasRouter } from "./router/personas-suggest";
import { retentionRouter } from "./router/retention";
import { reviewsRouter } from "./router/reviews";
import { sessionRouter } from "./router/session";
import { sharedRouter } from "./router/shared";
import { viewsRouter } from "./router/views";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  actions: actionsRouter,
  admin: adminRouter,
  catalogue: catalogueRouter,
  cohorts: cohortsRouter,
  customers: customersRouter,
  dashboard: dashboardRouter,
  drivers: driversRouter,
  funnels: funnelsRouter,
  paths: pathsRouter,
  personas: personasRouter,
  retention: retentionRouter,
  reviews: reviewsRouter,
  session: sessionRouter,
  shared: sharedRouter,
  views: viewsRouter,
});

export type AppRouter = typeof appRouter;
