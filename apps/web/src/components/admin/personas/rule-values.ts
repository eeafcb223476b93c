import {
  conditionTypeProblem,
  PERSONA_ATTRIBUTE_PATTERN,
  type TConditionTypeProblem,
  type TPersonaCondition,
  type TPersonaRules,
} from "@parcours/validators";

export type TOperator = TPersonaCondition["operator"];
type TValue = TPersonaCondition["value"];

/** A row of the rule builder, as typed. */
export interface TRuleRow {
  id: number;
  attribute: string;
  operator: TOperator;
  value: string;
}

// Rows added after the page loaded. The rows the form starts with are numbered from 1 on the
// server and in the browser alike (initialRows), so that the ids in the server's HTML are the
// ones the browser's code looks for: a counter shared by every request numbered them apart.
let nextRowId = 1_000_000;
export const newRow = (id: number = nextRowId++): TRuleRow => ({
  id,
  attribute: "",
  operator: "eq",
  value: "",
});

export function valueText(value: TValue): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** The form's first rows: the persona's conditions, or one blank row; ids from 1. */
export const initialRows = (rules: TPersonaRules | undefined): TRuleRow[] =>
  rules && rules.conditions.length > 0 ? rowsOf(rules) : [newRow(1)];

export const rowsOf = (rules: TPersonaRules): TRuleRow[] =>
  rules.conditions.map((c, i) => ({
    id: i + 1,
    attribute: c.attribute,
    operator: c.operator,
    value: valueText(c.value),
  }));

const NUMBER = /^-?\d+(\.\d+)?$/;
// "01000" is a postal code, not the number 1000.
const PLAIN_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * Typed text as the rule's value. The attribute's JSON types (from the customers seen) decide
 * whether "30" is a number or text; comparisons (more/less than) always compare numbers when
 * the text is one; an unknown attribute guesses: true/false, plain numbers, else text.
 */
function scalar(operator: TOperator, raw: string, types: string[]): string | number | boolean {
  const text = raw.trim();
  if (text === "" || operator === "contains") return text;
  if (["gt", "gte", "lt", "lte"].includes(operator)) return NUMBER.test(text) ? Number(text) : text;
  const kinds = types.filter((k) => k === "string" || k === "number" || k === "boolean");
  const only = kinds.length === 1 ? kinds[0] : undefined;
  if (only === "string") return text;
  if (only === "number") return NUMBER.test(text) ? Number(text) : text;
  if (text === "true" || text === "false") return text === "true";
  if (only === "boolean") return text;
  return PLAIN_NUMBER.test(text) ? Number(text) : text;
}

export function parseValue(operator: TOperator, text: string, types: string[] = []): TValue {
  if (operator === "exists") return undefined;
  if (operator === "in") {
    return text
      .split(",")
      .map((part) => scalar(operator, part, types))
      .filter((v) => v !== "");
  }
  return scalar(operator, text, types);
}

export interface TRowProblems {
  attribute?: "attributeMissing" | "attributeInvalid";
  value?: "valueMissing";
  /** A value its attribute never holds (text for a number): the condition would match nobody. */
  valueType?: TConditionTypeProblem;
}

/**
 * The value as typed against the JSON types seen for the attribute, with the check the server
 * makes when saving; shown as soon as it is typed, since the preview would only say "0".
 */
export function rowTypeProblem(row: TRuleRow, types: string[]): TConditionTypeProblem | null {
  const attribute = row.attribute.trim();
  if (attribute === "" || row.value.trim() === "") return null;
  const value = parseValue(row.operator, row.value, types);
  return conditionTypeProblem(
    { attribute, operator: row.operator, ...(value === undefined ? {} : { value }) },
    types,
  );
}

/** What keeps a row from being a condition; a row left entirely blank is ignored. */
export function rowProblems(row: TRuleRow): TRowProblems {
  const attribute = row.attribute.trim();
  const value = row.value.trim();
  if (attribute === "" && value === "") return {};
  return {
    ...(attribute === ""
      ? { attribute: "attributeMissing" as const }
      : PERSONA_ATTRIBUTE_PATTERN.test(attribute)
        ? {}
        : { attribute: "attributeInvalid" as const }),
    ...(row.operator !== "exists" && value === "" ? { value: "valueMissing" as const } : {}),
  };
}

export const isBlank = (row: TRuleRow) => row.attribute.trim() === "" && row.value.trim() === "";

export function rulesOf(
  match: TPersonaRules["match"],
  rows: TRuleRow[],
  typesOf: (attribute: string) => string[],
): TPersonaRules {
  return {
    match,
    conditions: rows
      .filter((r) => !isBlank(r))
      .map((r) => {
        const attribute = r.attribute.trim();
        const value = parseValue(r.operator, r.value, typesOf(attribute));
        return { attribute, operator: r.operator, ...(value === undefined ? {} : { value }) };
      }),
  };
}
