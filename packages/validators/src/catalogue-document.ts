import { z } from "zod";
import { ZStageUpdateSchema, ZTouchpointCreateSchema } from "./catalogue-editor";
import { requiredOr, ZKeySchema } from "./keys";
import { ZPersonaInputSchema } from "./persona-editor";
import { metricChannels, metricTouchpoints, ZStageMetricListSchema } from "./stage-metrics";
import { ZText } from "./text";

/*
 * The whole catalogue as one document (`parcours catalog export` / `apply`): what a retailer
 * keeps in version control and applies to a fresh database. Stages are listed in funnel order;
 * exactly one is the conversion stage. Keys are the references between kinds and never change.
 */

export const ZCatalogueChannelSchema = z.object({
  key: ZKeySchema,
  name: ZText({ error: requiredOr("text") })
    .trim()
    .min(1, "a channel needs a name")
    .max(80, "at most 80 characters"),
});

export const ZCatalogueStageSchema = ZStageUpdateSchema.extend({
  conversion: z.boolean().default(false),
  metrics: ZStageMetricListSchema.default([]),
});

export const ZCataloguePersonaSchema = ZPersonaInputSchema.extend({
  key: ZKeySchema,
  archived: z.boolean().default(false),
});

function repeatedKeys(items: { key: string }[]): string[] {
  const keys = items.map((i) => i.key);
  return [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
}

export const ZCatalogueDocumentSchema = z
  .object({
    version: z.literal(1, { error: "must be 1 (the only document version so far)" }),
    channels: z.array(ZCatalogueChannelSchema).max(200, "at most 200 channels"),
    stages: z
      .array(ZCatalogueStageSchema)
      .min(1, "list at least one stage")
      .max(50, "at most 50 stages"),
    touchpoints: z.array(ZTouchpointCreateSchema).max(2000, "at most 2000 touchpoints"),
    personas: z.array(ZCataloguePersonaSchema).max(200, "at most 200 personas"),
  })
  .strict()
  .superRefine((doc, ctx) => {
    for (const kind of ["channels", "stages", "touchpoints", "personas"] as const) {
      const repeated = repeatedKeys(doc[kind]);
      if (repeated.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: [kind],
          message: `each key appears once; repeated: ${repeated.join(", ")}`,
        });
      }
    }
    const conversions = doc.stages.filter((s) => s.conversion).length;
    if (conversions !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["stages"],
        message: `exactly one stage has "conversion": true (found ${conversions})`,
      });
    }
    const channels = new Set(doc.channels.map((c) => c.key));
    const stages = new Set(doc.stages.map((s) => s.key));
    doc.touchpoints.forEach((t, i) => {
      if (!channels.has(t.channel)) {
        ctx.addIssue({
          code: "custom",
          path: ["touchpoints", i, "channel"],
          message: `no channel with the key ${t.channel} in the document`,
        });
      }
      if (!stages.has(t.stage)) {
        ctx.addIssue({
          code: "custom",
          path: ["touchpoints", i, "stage"],
          message: `no stage with the key ${t.stage} in the document`,
        });
      }
    });
    const touchpoints = new Set(doc.touchpoints.map((t) => t.key));
    doc.stages.forEach((s, i) => {
      s.metrics.forEach((m, j) => {
        const unknown = metricTouchpoints(m).filter((k) => !touchpoints.has(k));
        if (unknown.length > 0) {
          ctx.addIssue({
            code: "custom",
            path: ["stages", i, "metrics", j],
            message: `no touchpoint with the key ${[...new Set(unknown)].join(", ")} in the document`,
          });
        }
        const unknownChannels = metricChannels(m).filter((k) => !channels.has(k));
        if (unknownChannels.length > 0) {
          ctx.addIssue({
            code: "custom",
            path: ["stages", i, "metrics", j],
            message: `no channel with the key ${[...new Set(unknownChannels)].join(", ")} in the document`,
          });
        }
      });
    });
  });
export type TCatalogueDocument = z.infer<typeof ZCatalogueDocumentSchema>;
/** What the document's author writes: defaults (goal, actions, conversion…) may be left out. */
export type TCatalogueDocumentInput = z.input<typeof ZCatalogueDocumentSchema>;
