import { describe, expect, it } from "vitest";
import { describeIssues, ZApiEventSchema, ZEventInputSchema } from "../src";

// Issue 20, item 9: refunds are events of type return with negative revenue; a negative
// purchase is refused, by the file import's schema and the HTTP API's alike.

const event = (type: string, revenue: string | number) => ({
  eventId: "e-1",
  customerId: "c-1",
  occurredAt: "2026-03-01T10:15:00Z",
  touchpoint: "checkout",
  type,
  revenue,
});

describe.each([
  ["import", ZEventInputSchema],
  ["HTTP API", ZApiEventSchema],
] as const)("refunds in the %s schema", (_name, schema) => {
  it("refuses a purchase with negative revenue, saying how to send a refund", () => {
    const parsed = schema.safeParse(event("purchase", "-20.00"));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(describeIssues(parsed.error)).toEqual([
      "revenue is negative on a purchase: send a refund as its own event of type return, with negative revenue",
    ]);
    expect(schema.safeParse(event("purchase", -0.01)).success).toBe(false);
  });

  it("keeps returns with negative revenue, and purchases of 0 or more", () => {
    expect(schema.safeParse(event("return", "-20.00")).success).toBe(true);
    expect(schema.safeParse(event("purchase", "0")).success).toBe(true);
    expect(schema.safeParse(event("purchase", "-0.00")).success).toBe(true);
    expect(schema.safeParse(event("purchase", 59.9)).success).toBe(true);
  });
});
