import { ZPathCompareParamsSchema, ZPathsParamsSchema } from "@parcours/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { ZFilterInputSchema, ZWindowSchema } from "../schemas";
import { cachedMetricProcedure } from "../trpc";

export const pathsRouter = {
  /** Observed paths from a stage or touchpoint: the top 20, other, and the Sankey's links. */
  observed: cachedMetricProcedure
    .input(ZPathsParamsSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getObservedPaths({ ...input, catalogue: await ctx.catalogue() }),
    ),
  /** Two paths, or two personas, from the same start: conversion, time and satisfaction side by side. */
  compare: cachedMetricProcedure
    .input(ZPathCompareParamsSchema)
    .query(async ({ ctx, input }) =>
      ctx.metrics.getPathComparison({ ...input, catalogue: await ctx.catalogue() }),
    ),
  /** How customers move against the catalogue's stage order (the journey map's panel). */
  designed: cachedMetricProcedure
    .input(ZFilterInputSchema.extend({ windowSeconds: ZWindowSchema }))
    .query(async ({ ctx, input }) =>
      ctx.metrics.getDesignedVsObserved({ ...input, catalogue: await ctx.catalogue() }),
    ),
} satisfies TRPCRouterRecord;
