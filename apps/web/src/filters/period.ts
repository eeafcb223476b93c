import { startOfUtcDay, type TPeriodPreset } from "@parcours/validators/period";

// The periods' rules live in @parcours/validators, shared with the browser tests.
export {
  addDays,
  isoDay,
  periodDays,
  resolvePeriod,
  startOfUtcDay,
  type TPeriod,
} from "@parcours/validators/period";

export type TPeriodProblem =
  | { kind: "notADate"; field: "from" | "to"; text: string }
  | { kind: "reversed"; from: Date; to: Date };

/**
 * What is wrong with a custom period as the URL spells it (`raw`: the parameters' text, since
 * the parsed filters hold null for a date that does not parse). The page keeps the dates as
 * written and shows these next to them; `resolvePeriod` says what is measured meanwhile.
 */
export function periodProblems(
  preset: TPeriodPreset,
  customFrom: Date | null,
  customTo: Date | null,
  raw: { from: string | null; to: string | null },
): TPeriodProblem[] {
  if (preset !== "custom") return [];
  const problems: TPeriodProblem[] = [];
  for (const field of ["from", "to"] as const) {
    const text = raw[field];
    const parsed = field === "from" ? customFrom : customTo;
    if (text !== null && !parsed) {
      problems.push({ kind: "notADate", field, text });
    }
  }
  if (customFrom && customTo && startOfUtcDay(customFrom) > startOfUtcDay(customTo)) {
    problems.push({ kind: "reversed", from: customFrom, to: customTo });
  }
  return problems;
}
