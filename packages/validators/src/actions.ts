import { z } from "zod";
import { ZKeySchema } from "./keys";
import { ZIdSchema, ZIsoDaySchema } from "./limits";

/*
 * An opportunity's life as an action (issue 18 item 2): who owns it, where it stands, when it
 * is due, and the stage metric it should move. Its metric is read before and after: the value
 * when it was planned and now; once done, before and after its completion.
 */

/** idea → planned → in progress → done, or dropped at any point (and back, if need be). */
export const ACTION_STATUSES = ["idea", "planned", "in_progress", "done", "dropped"] as const;
export type TActionStatus = (typeof ACTION_STATUSES)[number];
export const ZActionStatusSchema = z.enum(ACTION_STATUSES, {
  error: `status must be one of ${ACTION_STATUSES.join(", ")}`,
});

/** A stage metric by its stage's key and its own (the catalogue's stage metrics). */
export const ZActionMetricSchema = z.object({ stage: ZKeySchema, metric: ZKeySchema });
export type TActionMetric = z.infer<typeof ZActionMetricSchema>;

/** What may change on an opportunity's action; fields left out stay as they are. */
export const ZActionUpdateSchema = z.object({
  /** The opportunity (the first comment of its thread). */
  id: ZIdSchema,
  status: ZActionStatusSchema.optional(),
  /** A user's id, or null for nobody. */
  ownerId: ZIdSchema.nullable().optional(),
  dueDate: ZIsoDaySchema.nullable().optional(),
  metric: ZActionMetricSchema.nullable().optional(),
});
export type TActionUpdate = z.infer<typeof ZActionUpdateSchema>;
