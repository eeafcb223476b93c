import { hasRole } from "@parcours/auth";
import {
  eraseCustomer,
  getCustomerTimeline,
  getPrivacySettings,
  searchCustomers,
  setPrivacySettings,
} from "@parcours/db/queries";
import {
  coded,
  MAX_CUSTOMER_EXPORT_ROWS,
  ZCustomerExportParamsSchema,
  ZCustomerListParamsSchema,
  ZExternalIdSchema,
} from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { CodedTRPCError } from "../coded-error";
import {
  adminProcedure,
  customerDataProcedure,
  customerMetricProcedure,
  viewerProcedure,
} from "../trpc";

export const customersRouter = {
  /** The customers behind a figure, one page (drill-down). */
  list: customerMetricProcedure
    .input(ZCustomerListParamsSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getCustomerList({ ...input, catalogue: await ctx.catalogue() }),
    ),
  /**
   * The whole list for a CSV download, at most MAX_CUSTOMER_EXPORT_ROWS customers: `total` says
   * how many the figure counts, so the download can say what it left out.
   */
  export: customerMetricProcedure
    .input(ZCustomerExportParamsSchema)
    .query(async ({ ctx, input }) => {
      const list = await ctx.metrics.getCustomerList({
        ...input,
        catalogue: await ctx.catalogue(),
        offset: 0,
        limit: MAX_CUSTOMER_EXPORT_ROWS,
      });
      return {
        total: list.total,
        rows: list.rows,
        limit: MAX_CUSTOMER_EXPORT_ROWS,
        truncated: list.total > list.rows.length,
      };
    }),
  /** One customer's events in time order, from PostgreSQL. */
  timeline: customerDataProcedure
    .input(z.object({ externalId: ZExternalIdSchema }))
    .query(async ({ ctx, input }) => {
      const timeline = await getCustomerTimeline(ctx.db, input.externalId);
      if (!timeline) {
        throw new CodedTRPCError({
          code: "NOT_FOUND",
          message: coded("customerNotFound", { id: input.externalId }),
        });
      }
      return timeline;
    }),
  /** External ids starting with what was typed (at most 10), for the search box. */
  search: customerDataProcedure
    .input(z.object({ prefix: ZExternalIdSchema }))
    .query(({ ctx, input }) => searchCustomers(ctx.db, input.prefix)),
  /** Whether the caller may open customer lists and timelines (the pages hide the links if not). */
  access: viewerProcedure.query(async ({ ctx }) => ({
    canSeeCustomers:
      hasRole(ctx.user.role, "manager") || (await getPrivacySettings(ctx.db)).viewersSeeCustomers,
  })),
  privacy: adminProcedure.query(({ ctx }) => getPrivacySettings(ctx.db)),
  /**
   * Erases what identifies one customer (their comments, external id and attributes), keeping
   * their events anonymous; audited without the external id (docs/privacy.md).
   */
  erase: adminProcedure
    .input(z.object({ externalId: ZExternalIdSchema }))
    .mutation(({ ctx, input }) => eraseCustomer(ctx.db, ctx.actor, input.externalId)),
  setPrivacy: adminProcedure
    .input(z.object({ viewersSeeCustomers: z.boolean() }))
    .mutation(({ ctx, input }) => setPrivacySettings(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
