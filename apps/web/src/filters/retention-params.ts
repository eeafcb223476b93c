import { RETENTION_COHORTS, RETENTION_MODES } from "@parcours/validators";
import { createLoader, type inferParserType, parseAsStringLiteral } from "nuqs/server";

export const RETENTION_CURVES = ["average", "cohorts"] as const;

/**
 * Retention: `?by=month&mode=purchase&curves=cohorts`. The cohorts' unit is `by`: `cohort` is
 * the filter bar's (a saved cohort's id).
 */
export const retentionParsers = {
  by: parseAsStringLiteral(RETENTION_COHORTS).withDefault("week"),
  mode: parseAsStringLiteral(RETENTION_MODES).withDefault("any"),
  curves: parseAsStringLiteral(RETENTION_CURVES).withDefault("average"),
};

export const loadRetentionParams = createLoader(retentionParsers);
export type TRetentionState = inferParserType<typeof retentionParsers>;
