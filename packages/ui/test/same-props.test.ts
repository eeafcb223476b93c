import { describe, expect, it } from "vitest";
import { sameProps } from "../src/same-props";

describe("sameProps (memoised charts)", () => {
  const format = (v: number) => String(v);

  it("props rebuilt with the same content are the same: no redraw", () => {
    const a = { steps: [{ key: "a", customers: 3 }], labels: { n: "n" }, format, height: 300 };
    const b = { steps: [{ key: "a", customers: 3 }], labels: { n: "n" }, format, height: 300 };
    expect(sameProps(a, b)).toBe(true);
  });

  it("a changed figure deep in the data, a label or a length is a change", () => {
    const base = { steps: [{ key: "a", customers: 3 }], labels: { n: "n" }, format };
    expect(sameProps(base, { ...base, steps: [{ key: "a", customers: 4 }] })).toBe(false);
    expect(sameProps(base, { ...base, labels: { n: "taille" } })).toBe(false);
    expect(sameProps(base, { ...base, steps: [] })).toBe(false);
  });

  it("functions compare by identity (a new formatter, say another locale's, redraws)", () => {
    const a = { format };
    expect(sameProps(a, { format: (v: number) => String(v) })).toBe(false);
  });

  it("a key present on one side only, or undefined against absent, is a change", () => {
    const a: { height?: number | undefined } = { height: undefined };
    expect(sameProps(a, {})).toBe(false);
  });

  it("dates and other objects compare by identity", () => {
    const when = new Date(0);
    expect(sameProps({ when }, { when })).toBe(true);
    expect(sameProps({ when }, { when: new Date(0) })).toBe(false);
  });
});
