import { describe, expect, it } from "vitest";
import {
  describeIssues,
  formatFunnelStep,
  parseDuration,
  parseFunnelStep,
  ZAnalyticsFilterSchema,
  ZEventInputSchema,
} from "../src";

const base = {
  eventId: "e1",
  customerId: "c1",
  occurredAt: "2026-03-01T10:15:00+01:00",
  touchpoint: "website",
  type: "view",
};

describe("ZEventInputSchema", () => {
  it("accepts the interchange format, empty optional cells included", () => {
    const event = ZEventInputSchema.parse({
      ...base,
      stage: "",
      satisfaction: "4",
      revenue: "12.5",
      properties: '{"a":1}',
    });
    expect(event.occurredAt.toISOString()).toBe("2026-03-01T09:15:00.000Z");
    expect(event).toMatchObject({
      stage: undefined,
      satisfaction: 4,
      revenue: "12.5",
      properties: { a: 1 },
    });
  });

  it.each([
    [
      "a date without offset",
      { occurredAt: "2026-03-01T10:15:00" },
      "occurredAt must be an ISO 8601 date-time with an offset",
    ],
    [
      "an impossible date",
      { occurredAt: "2026-02-31T10:00:00Z" },
      "occurredAt is not a real date-time",
    ],
    [
      "a date far in the future",
      { occurredAt: "2999-01-01T00:00:00Z" },
      "occurredAt is more than a day in the future",
    ],
    ["a rating of 6", { satisfaction: 6 }, "satisfaction must be a whole number from 1 to 5"],
    ["a rating of 2.5", { satisfaction: "2.5" }, "satisfaction must be a whole number from 1 to 5"],
    [
      "three decimals of revenue",
      { revenue: "1.234" },
      "revenue must be a decimal number with at most 2 decimals",
    ],
    ["properties that are an array", { properties: "[1]" }, "properties must be a JSON object"],
    ["a touchpoint with spaces", { touchpoint: "web site" }, "touchpoint must be a lower-case key"],
    ["a missing event id", { eventId: undefined }, "eventId is required"],
  ])("rejects %s with a message naming the field", (_name, change, message) => {
    const result = ZEventInputSchema.safeParse({ ...base, ...change });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error).join("; ")).toContain(message);
  });

  it("names fields as the file's columns for imports", () => {
    const result = ZEventInputSchema.safeParse({ ...base, occurredAt: "soon" });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(describeIssues(result.error, "interchange")[0]).toMatch(/^occurred_at /);
  });
});

describe("funnel steps and durations", () => {
  it.each([
    ["purchase", { kind: "stage", key: "purchase" }],
    ["stage:purchase", { kind: "stage", key: "purchase" }],
    ["touchpoint:web_checkout", { kind: "touchpoint", key: "web_checkout" }],
    [
      "touchpoint:web_checkout@purchase",
      { kind: "touchpoint", key: "web_checkout", type: "purchase" },
    ],
    ["decision@add_to_cart", { kind: "stage", key: "decision", type: "add_to_cart" }],
  ])("parses %s", (text, step) => {
    expect(parseFunnelStep(text)).toEqual(step);
  });

  it("formats a step back to its text", () => {
    expect(formatFunnelStep(parseFunnelStep("touchpoint:app@view"))).toBe("touchpoint:app@view");
  });

  it("rejects a step that is not a key", () => {
    expect(() => parseFunnelStep("Not A Key")).toThrow();
  });

  it.each([
    ["30d", 2_592_000],
    ["12h", 43_200],
    ["90m", 5_400],
    ["45s", 45],
    ["3600", 3_600],
  ])("reads %s as %i seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it("explains a duration it cannot read", () => {
    expect(() => parseDuration("a month")).toThrow(/not a duration/);
  });
});

describe("ZAnalyticsFilterSchema", () => {
  it("needs from before to", () => {
    const result = ZAnalyticsFilterSchema.safeParse({ from: "2026-02-01", to: "2026-01-01" });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.message).toBe("from must be before to");
  });
});
