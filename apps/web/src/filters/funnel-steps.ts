import { parseBreakdown, type TBreakdown, type TFunnelStep } from "@parcours/validators";
import type { Catalogue } from "../trpc/outputs";
import { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, type TFunnelState } from "./search-params";
import { decodeStep, encodeStep, withoutExclusions } from "./step-codec";

export const MIN_STEPS = 2;
export const MAX_STEPS = 10;

function knows(step: TFunnelStep, catalogue: Catalogue): boolean {
  const list = step.kind === "stage" ? catalogue.stages : catalogue.touchpoints;
  const excluded = step.exclude?.touchpoints ?? [];
  return (
    list.some((item) => item.key === step.key) &&
    excluded.every((key) => catalogue.touchpoints.some((item) => item.key === key))
  );
}

/** The catalogue's stages in order: the funnel shown before anyone edits it. */
export function defaultSteps(catalogue: Catalogue): TFunnelStep[] {
  return catalogue.stages.slice(0, MAX_STEPS).map((s) => ({ kind: "stage", key: s.key }));
}

/** A step of the URL as written, and what is wrong with it (nothing when `step` is usable). */
export interface TStepRow {
  text: string;
  step: TFunnelStep | null;
  /** `malformed`: not a step at all; `unknown`: a well-formed step the catalogue lacks. */
  problem?: "malformed" | "unknown";
}

/** Every URL step in order, each checked against the catalogue; nothing is dropped. */
export function parseSteps(raw: string[], catalogue: Catalogue): TStepRow[] {
  return raw.map((text) => {
    const step = decodeStep(text);
    if (!step) return { text, step: null, problem: "malformed" };
    return knows(step, catalogue) ? { text, step } : { text, step, problem: "unknown" };
  });
}

export type TFunnelProblem =
  | { kind: "tooFewSteps"; count: number }
  | { kind: "tooManySteps"; count: number }
  | { kind: "badSteps"; steps: string[] }
  | { kind: "window"; days: number };

export interface TFunnelDefinition {
  /** The steps measured: the URL's as written, or the catalogue's stages when it has none. */
  steps: TFunnelStep[];
  /** The URL's steps as written, for the builder to show, problems included. */
  rows: TStepRow[];
  /** True when the URL had no steps and the catalogue's stages are used. */
  isDefault: boolean;
  /** The window as the URL has it, even when out of range (then `problems` says so). */
  windowDays: number;
  breakdown: boolean;
  /** A breakdown by attribute or property (`by` and `top` in the URL), or null. */
  by: TValueBreakdown | null;
  bucket: TFunnelState["bucket"];
  /**
   * What keeps the URL's funnel from being measured. The page keeps what was asked and says
   * this next to it rather than measuring some other funnel in its place.
   */
  problems: TFunnelProblem[];
}

export function resolveFunnel(state: TFunnelState, catalogue: Catalogue): TFunnelDefinition {
  const rows = parseSteps(state.steps, catalogue);
  const isDefault = rows.length === 0;
  const problems: TFunnelProblem[] = [];
  const bad = rows.filter((row) => row.problem).map((row) => row.text);
  if (bad.length > 0) problems.push({ kind: "badSteps", steps: bad });
  if (!isDefault && rows.length < MIN_STEPS)
    problems.push({ kind: "tooFewSteps", count: rows.length });
  if (rows.length > MAX_STEPS) problems.push({ kind: "tooManySteps", count: rows.length });
  const windowDays = Number.isFinite(state.window) ? state.window : DEFAULT_WINDOW_DAYS;
  if (!isWindowDays(windowDays)) problems.push({ kind: "window", days: windowDays });
  return {
    steps: isDefault
      ? defaultSteps(catalogue)
      : firstExcludesNothing(rows.flatMap((row) => (row.step && !row.problem ? [row.step] : []))),
    rows,
    isDefault,
    windowDays,
    breakdown: state.breakdown,
    by: resolveBy(state.by, state.top),
    bucket: state.bucket,
    problems,
  };
}

/**
 * Exclusions apply between a step and the one before it, so the first step has none: one there
 * (a hand-edited URL; the builder drops it when a step moves first) is left out, not refused.
 */
export function firstExcludesNothing(steps: TFunnelStep[]): TFunnelStep[] {
  return steps.map((step, i) => (i === 0 ? withoutExclusions(step) : step));
}

/** The URL's `by` and `top` as a breakdown; anything else (hand-edited) is no breakdown. */
export function resolveBy(by: string, top: number): TValueBreakdown | null {
  try {
    const breakdown = parseBreakdown(by, top);
    return breakdown.kind === "persona" ? null : breakdown;
  } catch {
    return null;
  }
}

/** A breakdown by a customer attribute or an event property. */
export type TValueBreakdown = Extract<TBreakdown, { kind: "attribute" | "property" }>;

/** A window the API measures: whole days from 1 to MAX_WINDOW_DAYS. */
export function isWindowDays(days: number): boolean {
  return Number.isInteger(days) && days >= 1 && days <= MAX_WINDOW_DAYS;
}

/** Whether the funnel can be measured as asked. */
export function isMeasurable(definition: TFunnelDefinition): boolean {
  return definition.problems.length === 0;
}

export function stepValue(step: TFunnelStep): string {
  return encodeStep(step);
}
