import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  describeIssues,
  SURROGATE_MESSAGE,
  ZApiKeyCreateSchema,
  ZPersonaPreviewSchema,
  ZSavedViewInputSchema,
  ZStageUpdateSchema,
} from "../src";

function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : describeIssues(result.error);
}

describe("stored text holds whole Unicode characters", () => {
  it.each([
    ["a lone high surrogate", "Launch \uD800"],
    ["a lone low surrogate", "\uDC00 launch"],
    ["the two halves in the wrong order", "\uDE00\uD83D"],
  ])("%s is refused, the field named (jsonb refused it with a 500)", (_name, text) => {
    expect(problems(ZApiKeyCreateSchema, { name: text })).toEqual([`name ${SURROGATE_MESSAGE}`]);
    expect(
      problems(ZSavedViewInputSchema, { name: text, period: { kind: "relative", days: 7 } }),
    ).toEqual([`name ${SURROGATE_MESSAGE}`]);
    expect(problems(ZStageUpdateSchema, { key: "decision", name: "Decision", goal: text })).toEqual(
      [`goal ${SURROGATE_MESSAGE}`],
    );
    const rule = { match: "all", conditions: [{ attribute: "city", operator: "eq", value: text }] };
    expect(problems(ZPersonaPreviewSchema, { name: "Locals", priority: 1, rules: rule })).toEqual([
      `rules.conditions.0.value ${SURROGATE_MESSAGE}`,
    ]);
  });

  it("characters outside the BMP (a surrogate pair) are kept", () => {
    expect(ZApiKeyCreateSchema.parse({ name: "Shop 🛍️ tag" })).toEqual({ name: "Shop 🛍️ tag" });
  });
});
