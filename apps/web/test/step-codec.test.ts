import { describe, expect, it } from "vitest";
import { firstExcludesNothing } from "../src/filters/funnel-steps";
import { decodeStep, encodeStep } from "../src/filters/step-codec";

describe("the URL form of a funnel step with exclusions", () => {
  it("reads touchpoints and @types after ~, and writes them back the same", () => {
    const text = "touchpoint:web_checkout@purchase~store~call-centre~@support";
    const step = decodeStep(text);
    expect(step).toEqual({
      kind: "touchpoint",
      key: "web_checkout",
      type: "purchase",
      exclude: { touchpoints: ["store", "call-centre"], types: ["support"] },
    });
    expect(step && encodeStep(step)).toBe(text);
    expect(decodeStep("purchase~@support")).toEqual({
      kind: "stage",
      key: "purchase",
      exclude: { types: ["support"] },
    });
    expect(encodeStep({ kind: "stage", key: "purchase" })).toBe("purchase");
  });

  it("refuses a malformed exclusion rather than dropping it", () => {
    expect(decodeStep("purchase~")).toBeNull();
    expect(decodeStep("purchase~Store")).toBeNull();
    expect(decodeStep("purchase~@Bad")).toBeNull();
    expect(decodeStep("purchase~@")).toBeNull();
  });

  it("the first step measured carries no exclusion (nothing comes before it)", () => {
    expect(
      firstExcludesNothing([
        { kind: "stage", key: "discovery", exclude: { touchpoints: ["store"] } },
        { kind: "stage", key: "purchase", exclude: { touchpoints: ["store"] } },
      ]),
    ).toEqual([
      { kind: "stage", key: "discovery" },
      { kind: "stage", key: "purchase", exclude: { touchpoints: ["store"] } },
    ]);
  });
});
