import type { Catalogue } from "@parcours/db/queries";
import type { TFunnelStep } from "@parcours/validators";
import { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, type TFunnelState } from "./search-params";
import { decodeStep, encodeStep } from "./step-codec";

export const MIN_STEPS = 2;
export const MAX_STEPS = 10;

function knows(step: TFunnelStep, catalogue: Catalogue): boolean {
  const list = step.kind === "stage" ? catalogue.stages : catalogue.touchpoints;
  return list.some((item) => item.key === step.key);
}

/** The catalogue's stages in order: the funnel shown before anyone edits it. */
export function defaultSteps(catalogue: Catalogue): TFunnelStep[] {
  return catalogue.stages.slice(0, MAX_STEPS).map((s) => ({ kind: "stage", key: s.key }));
}

/** URL steps the catalogue knows, in order; malformed or unknown ones are dropped. */
export function parseSteps(raw: string[], catalogue: Catalogue): TFunnelStep[] {
  const steps: TFunnelStep[] = [];
  for (const text of raw) {
    // A hand-edited URL: a bad step is dropped rather than failing the page.
    const step = decodeStep(text);
    if (step && knows(step, catalogue)) steps.push(step);
  }
  return steps.slice(0, MAX_STEPS);
}

export interface TFunnelDefinition {
  steps: TFunnelStep[];
  /** True when the URL had no usable steps and the catalogue's stages are used. */
  isDefault: boolean;
  windowDays: number;
  breakdown: boolean;
  bucket: TFunnelState["bucket"];
}

export function resolveFunnel(state: TFunnelState, catalogue: Catalogue): TFunnelDefinition {
  const parsed = parseSteps(state.steps, catalogue);
  const isDefault = parsed.length < MIN_STEPS;
  const windowDays = Number.isFinite(state.window)
    ? Math.min(MAX_WINDOW_DAYS, Math.max(1, Math.round(state.window)))
    : DEFAULT_WINDOW_DAYS;
  return {
    steps: isDefault ? defaultSteps(catalogue) : parsed,
    isDefault,
    windowDays,
    breakdown: state.breakdown,
    bucket: state.bucket,
  };
}

export function stepValue(step: TFunnelStep): string {
  return encodeStep(step);
}
