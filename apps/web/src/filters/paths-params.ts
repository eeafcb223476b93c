import {
  DEFAULT_PATH_STEPS,
  formatPathStart,
  MAX_PATH_STEPS,
  PATH_LEVELS,
  parsePathStart,
  type TPathLevel,
  type TPathStart,
} from "@parcours/validators";
import {
  createLoader,
  type inferParserType,
  parseAsInteger,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import type { Catalogue } from "../trpc/outputs";
import { isWindowDays } from "./funnel-steps";
import { DEFAULT_WINDOW_DAYS } from "./search-params";

export const COMPARE_MODES = ["paths", "personas"] as const;
export type TCompareMode = (typeof COMPARE_MODES)[number];

/**
 * Observed paths: `?start=touchpoint:website&level=touchpoint&steps=4&window=14`, and the
 * comparison: `&compare=personas&a=persona:young&b=persona:loyal` (sides as `path:KEY>KEY`,
 * `path:` for no further step, or `persona:KEY`; empty: the first two on offer).
 */
export const pathsParsers = {
  /** Empty means the catalogue's first stage. */
  start: parseAsString.withDefault(""),
  level: parseAsStringLiteral(PATH_LEVELS).withDefault("stage"),
  steps: parseAsInteger.withDefault(DEFAULT_PATH_STEPS),
  window: parseAsInteger.withDefault(DEFAULT_WINDOW_DAYS),
  compare: parseAsStringLiteral(COMPARE_MODES).withDefault("paths"),
  a: parseAsString.withDefault(""),
  b: parseAsString.withDefault(""),
};

export const loadPathsParams = createLoader(pathsParsers);
export type TPathsState = inferParserType<typeof pathsParsers>;

export interface TPathsDefinition {
  start: TPathStart | undefined;
  /** The URL's start when the catalogue does not know it (a hand-edited or old link). */
  unknownStart: string | undefined;
  level: TPathLevel;
  steps: number;
  windowDays: number;
}

/** The URL's paths settings against the catalogue; out-of-range numbers fall back to defaults. */
export function resolvePaths(state: TPathsState, catalogue: Catalogue): TPathsDefinition {
  const first = catalogue.stages[0];
  let start: TPathStart | undefined;
  let unknownStart: string | undefined;
  if (state.start === "") {
    start = first ? { kind: "stage", key: first.key } : undefined;
  } else {
    try {
      const parsed = parsePathStart(state.start);
      const list = parsed.kind === "stage" ? catalogue.stages : catalogue.touchpoints;
      if (list.some((item) => item.key === parsed.key)) start = parsed;
      else unknownStart = state.start;
    } catch {
      unknownStart = state.start;
    }
  }
  return {
    start,
    unknownStart,
    level: state.level,
    steps: state.steps >= 1 && state.steps <= MAX_PATH_STEPS ? state.steps : DEFAULT_PATH_STEPS,
    windowDays: isWindowDays(state.window) ? state.window : DEFAULT_WINDOW_DAYS,
  };
}

export function startValue(start: TPathStart): string {
  return formatPathStart(start);
}
