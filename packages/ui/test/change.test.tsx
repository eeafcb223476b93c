import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ChangeText, describeChange } from "../src/change";

afterEach(cleanup);

// The app's signed formats (apps/web/src/i18n/formats.ts): Intl writes the sign itself.
const points = (locale: string, unit: string) => (v: number) =>
  `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(v * 100)} ${unit}`;
const ratingChange = (locale: string) => (v: number) =>
  new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  }).format(v);

function shown(now: number, before: number, format: (v: number) => string) {
  const { container } = render(<ChangeText now={now} before={before} formatSigned={format} />);
  const span = container.querySelector("span");
  return { text: span?.textContent?.trim(), className: span?.className ?? "" };
}

describe("ChangeText (compare with the previous period)", () => {
  it("prints one sign for a fall in points, in red, in English and French", () => {
    const en = shown(0.4, 0.445, points("en-GB", "pts"));
    expect(en.text).toBe("(-4.5 pts)");
    expect(en.className).toContain("text-negative");
    const fr = shown(0.4, 0.445, points("fr-FR", "pt"));
    expect(fr.text).toMatch(/^\([-−]4,5\u00a0?\s?pt\)$/);
    expect(fr.text).not.toMatch(/[-−]\+|\+[-−]/);
  });

  it("prints one sign for a rise, in green", () => {
    const en = shown(0.445, 0.4, points("en-GB", "pts"));
    expect(en.text).toBe("(+4.5 pts)");
    expect(en.className).toContain("text-positive");
  });

  it("shows a change that rounds to zero as neutral, with no sign", () => {
    for (const [now, before] of [
      [3.72, 3.74],
      [3.74, 3.72],
      [4, 4],
    ] as const) {
      const r = shown(now, before, ratingChange("en-GB"));
      expect(r.text).toBe("(0.0)");
      expect(r.className).toContain("text-muted-foreground");
      expect(r.className).not.toMatch(/text-(positive|negative)/);
    }
  });

  it("colours by what is good when lower is better", () => {
    expect(describeChange(5, (v) => `${v > 0 ? "+" : ""}${v}`, true)).toEqual({
      text: "+5",
      tone: "negative",
    });
  });

  it("shows nothing without an earlier figure", () => {
    const { container } = render(<ChangeText now={1} before={null} formatSigned={String} />);
    expect(container.textContent).toBe("");
  });
});
