import { describe, expect, it } from "vitest";
import type { EmotionSeriesData } from "../src/emotion-curve";
import { sameSeries } from "../src/same-series";

const series = (key: string, points: [string, number | null, number][]): EmotionSeriesData => ({
  key,
  label: key,
  colour: "red",
  points: points.map(([stage, mean, n]) => ({ stage, mean, n, sufficient: n >= 10 })),
});

describe("sameSeries (a persona drawn over all customers)", () => {
  const overall = series("overall", [
    ["discovery", 3.5, 40],
    ["purchase", 4.1, 12],
    ["loyalty", null, 0],
  ]);

  it("is true when every stage has the same mean on the same number of ratings", () => {
    const persona = series("families", [
      ["loyalty", null, 0],
      ["discovery", 3.5, 40],
      ["purchase", 4.1, 12],
    ]);
    expect(sameSeries(persona, overall)).toBe(true);
  });

  it("is false when one stage differs in mean or in n, or a stage is missing", () => {
    expect(
      sameSeries(
        series("a", [
          ["discovery", 3.5, 40],
          ["purchase", 4.1, 11],
          ["loyalty", null, 0],
        ]),
        overall,
      ),
    ).toBe(false);
    expect(
      sameSeries(
        series("b", [
          ["discovery", 3.4, 40],
          ["purchase", 4.1, 12],
          ["loyalty", null, 0],
        ]),
        overall,
      ),
    ).toBe(false);
    expect(
      sameSeries(
        series("c", [
          ["discovery", 3.5, 40],
          ["purchase", 4.1, 12],
        ]),
        overall,
      ),
    ).toBe(false);
  });
});
