import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  describeIssues,
  MAX_ID,
  overTimeBucketCount,
  overTimeBucketProblem,
  overTimeLayout,
  ZAnalyticsFilterSchema,
  ZAnnotationInputSchema,
  ZAuditListSchema,
  ZIdSchema,
  ZSavedViewInputSchema,
  ZUserIdSchema,
  ZViewPeriodSchema,
} from "../src";

function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : describeIssues(result.error);
}

describe("ids", () => {
  it.each([
    [1, []],
    [MAX_ID, []],
    [MAX_ID + 1, ["must be an id, a whole number from 1 to 2147483647"]],
    [0, ["must be an id, a whole number from 1 to 2147483647"]],
    [1.5, ["must be an id, a whole number from 1 to 2147483647"]],
    [Number.POSITIVE_INFINITY, ["must be an id, a whole number from 1 to 2147483647"]],
    ["7", ["must be an id, a whole number from 1 to 2147483647"]],
  ])("%s → %j", (id, expected) => {
    expect(problems(ZIdSchema, id)).toEqual(expected);
  });

  it("every id input shares the int4 bound (users, annotations, the audit cursor)", () => {
    expect(problems(ZUserIdSchema, { id: 2_147_483_648 })).toEqual([
      "id must be an id, a whole number from 1 to 2147483647",
    ]);
    const annotation = { viewId: 2_147_483_648, target: { kind: "view" }, body: "hi" };
    expect(problems(ZAnnotationInputSchema, annotation)).toEqual([
      "viewId must be an id, a whole number from 1 to 2147483647",
    ]);
    expect(problems(ZAuditListSchema, { cursor: 2 ** 53 })).toEqual([
      "cursor must be an id, a whole number from 1 to 2147483647",
    ]);
  });
});

describe("analytics periods", () => {
  const ok = { from: "2026-01-01", to: "2026-02-01" };

  it.each([
    ["year 1", { ...ok, from: "0001-01-01" }, "from must be between 1970-01-01 and 2200-01-01"],
    ["year 9999", { ...ok, to: "9999-01-01" }, "to must be between 1970-01-01 and 2200-01-01"],
    [
      "year 275760",
      { ...ok, to: new Date(8.64e15) },
      "to must be between 1970-01-01 and 2200-01-01",
    ],
    [
      "a period of 11 years",
      { from: "2000-01-01", to: "2011-01-01" },
      "to a period covers at most 3660 days (about 10 years)",
    ],
  ])("%s is refused", (_name, filter, message) => {
    expect(problems(ZAnalyticsFilterSchema, filter)).toEqual([message]);
  });

  it("accepts the bounds themselves and a ten-year period", () => {
    expect(problems(ZAnalyticsFilterSchema, { from: "1970-01-01", to: "1980-01-01" })).toEqual([]);
    expect(problems(ZAnalyticsFilterSchema, { from: "2190-01-01", to: "2200-01-01" })).toEqual([]);
  });
});

describe("conversion over time buckets", () => {
  const from = new Date("2026-01-01T00:00:00Z");

  it("weeks are ISO weeks, Monday to Sunday in UTC: the period's first and last may be partial", () => {
    // Tuesday 1 December 2026 to Thursday 31 December (exclusive): the Mondays 30 November,
    // 7, 14, 21 and 28 December.
    const layout = overTimeLayout(
      new Date("2026-12-01T00:00:00Z"),
      new Date("2026-12-31T00:00:00Z"),
      "week",
    );
    expect(new Date(layout.startMs).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(layout.count).toBe(5);
    // A period that starts on a Monday starts its first week.
    expect(
      overTimeLayout(new Date("2026-11-30T00:00:00Z"), new Date("2026-12-07T00:00:00Z"), "week"),
    ).toEqual({ startMs: Date.parse("2026-11-30T00:00:00Z"), sizeMs: 7 * 86_400_000, count: 1 });
    // Sunday 6 December belongs to the week of Monday 30 November.
    expect(
      overTimeLayout(new Date("2026-12-06T12:00:00Z"), new Date("2026-12-08T00:00:00Z"), "week"),
    ).toEqual({ startMs: Date.parse("2026-11-30T00:00:00Z"), sizeMs: 7 * 86_400_000, count: 2 });
    // Days start at UTC midnight.
    expect(
      overTimeLayout(new Date("2026-12-01T06:00:00Z"), new Date("2026-12-02T06:00:00Z"), "day"),
    ).toEqual({ startMs: Date.parse("2026-12-01T00:00:00Z"), sizeMs: 86_400_000, count: 2 });
  });

  it("counts whole days or weeks, rounding up", () => {
    expect(overTimeBucketCount(from, new Date("2026-01-11T00:00:00Z"), "day")).toBe(10);
    expect(overTimeBucketCount(from, new Date("2026-01-11T00:00:00Z"), "week")).toBe(2);
    expect(overTimeBucketCount(from, new Date("2026-01-01T01:00:00Z"), "week")).toBe(1);
  });

  it("1,000 day buckets pass; 1,001 are refused with the limit and what to do", () => {
    const day = 86_400_000;
    expect(overTimeBucketProblem(from, new Date(from.getTime() + 1000 * day), "day")).toBeNull();
    expect(overTimeBucketProblem(from, new Date(from.getTime() + 1001 * day), "day")).toBe(
      "this period has 1001 day buckets; conversion over time draws at most 1000: choose weeks or a shorter period",
    );
  });

  it("year 1 to 9999 in days (the request that stopped the server) is refused", () => {
    const problem = overTimeBucketProblem(
      new Date("0001-01-01T00:00:00Z"),
      new Date("9999-01-01T00:00:00Z"),
      "day",
    );
    expect(problem).toMatch(/^this period has 365\d{4} day buckets; .* at most 1000/);
  });
});

describe("saved view periods", () => {
  it.each([
    ["a 13th month", { from: "2026-13-45", to: "2026-12-31" }, "from is not a real date"],
    ["31 February", { from: "2026-01-01", to: "2026-02-31" }, "to is not a real date"],
    [
      "year 1",
      { from: "0001-01-01", to: "2026-01-01" },
      "from must be between 1970-01-01 and 2200-01-01",
    ],
    [
      "year 9999",
      { from: "2026-01-01", to: "9999-01-01" },
      "to must be between 1970-01-01 and 2200-01-01",
    ],
    [
      "11 years",
      { from: "2000-01-01", to: "2011-01-01" },
      "to a period covers at most 3660 days (about 10 years)",
    ],
  ])("a fixed period with %s is refused when saved", (_name, dates, message) => {
    const view = { name: "Launch", period: { kind: "fixed", ...dates } };
    expect(problems(ZSavedViewInputSchema, view)).toEqual([`period.${message}`]);
  });

  it("a real fixed period and a relative one are kept as given", () => {
    expect(
      ZViewPeriodSchema.parse({ kind: "fixed", from: "2024-02-29", to: "2024-03-01" }),
    ).toEqual({ kind: "fixed", from: "2024-02-29", to: "2024-03-01" });
    expect(ZViewPeriodSchema.parse({ kind: "relative", days: 730 })).toEqual({
      kind: "relative",
      days: 730,
    });
  });

  it("a comment pinned to a date needs a real date", () => {
    const comment = { viewId: 1, target: { kind: "date", date: "2026-13-45" }, body: "Sale" };
    expect(problems(ZAnnotationInputSchema, comment)).toEqual(["target.date is not a real date"]);
  });
});

describe("the audit log's dates", () => {
  it.each([new Date("0001-01-01T00:00:00Z"), new Date(8.64e15)])("%s is refused", (date) => {
    expect(problems(ZAuditListSchema, { from: date })).toEqual([
      "from must be between 1970-01-01 and 2200-01-01",
    ]);
  });
});
