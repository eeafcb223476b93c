import {
  deleteSegmentMapping,
  listSegmentMappings,
  listUnmappedSegmentEvents,
  setSegmentMapping,
} from "@parcours/db/queries";
import { ZEventTypeSchema, ZKeySchema, ZText } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { adminProcedure } from "../../trpc";

const ZEventName = ZText().trim().min(1, "an event name is required").max(200);

export const adminSegmentRouter = {
  mappings: adminProcedure.query(({ ctx }) => listSegmentMappings(ctx.db)),
  unmapped: adminProcedure.query(({ ctx }) => listUnmappedSegmentEvents(ctx.db)),
  /** Maps a name; the messages kept under it are stored as events at once. */
  setMapping: adminProcedure
    .input(z.object({ eventName: ZEventName, touchpoint: ZKeySchema, type: ZEventTypeSchema }))
    .mutation(({ ctx, input }) => setSegmentMapping(ctx.db, ctx.actor, input)),
  deleteMapping: adminProcedure
    .input(z.object({ eventName: ZEventName }))
    .mutation(async ({ ctx, input }) => {
      await deleteSegmentMapping(ctx.db, ctx.actor, input.eventName);
      return input;
    }),
} satisfies TRPCRouterRecord;
