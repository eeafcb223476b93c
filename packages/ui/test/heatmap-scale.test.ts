import { describe, expect, it } from "vitest";
import { heatColours, heatDomain, heatStep } from "../src/heatmap-scale";

describe("heatmap scale", () => {
  it("volume runs from 0 to the largest value; 0 is an empty cell", () => {
    const domain = heatDomain("volume", [0, 40, 200]);
    expect(domain).toEqual([0, 200]);
    expect(heatStep("volume", 0, domain)).toBeNull();
    expect(heatStep("volume", 1, domain)).toBe(1);
    expect(heatStep("volume", 100, domain)).toBe(3);
    expect(heatStep("volume", 200, domain)).toBe(5);
  });

  it("satisfaction is diverging on 1–5 with 2.6–3.4 in the middle step", () => {
    const domain = heatDomain("satisfaction", []);
    expect(heatStep("satisfaction", 1, domain)).toBe(1);
    expect(heatStep("satisfaction", 2.59, domain)).toBe(2);
    expect(heatStep("satisfaction", 3, domain)).toBe(3);
    expect(heatStep("satisfaction", 3.39, domain)).toBe(3);
    expect(heatStep("satisfaction", 4.5, domain)).toBe(5);
    expect(heatColours("satisfaction", 3).backgroundColor).toBe("var(--heat-div-3)");
  });

  it("conversion is 0–1; null is no colour", () => {
    const domain = heatDomain("conversion", [0.2]);
    expect(heatStep("conversion", 0, domain)).toBe(1);
    expect(heatStep("conversion", 0.5, domain)).toBe(3);
    expect(heatStep("conversion", null, domain)).toBeNull();
    expect(heatColours("conversion", 4).color).toBe("var(--heat-seq-fg-4)");
  });
});
