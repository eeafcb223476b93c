import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateDemo } from "../src/demo";

// Issue 20, item 17: the README's figures for the demo data are the seed's own (`npm start`
// seeds 20,000 customers with seed 42).

describe("the README's demo figures", () => {
  it("match what the default seed generates", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8").replace(
      /\s+/g,
      " ",
    );
    const stated = /seeds ([\d,]+) demo customers with about ([\d,]+) events/.exec(readme);
    expect(stated, "README: 'seeds N demo customers with about M events'").not.toBeNull();
    const customers = Number(stated?.[1]?.replaceAll(",", ""));
    const events = Number(stated?.[2]?.replaceAll(",", ""));
    expect(customers).toBe(20_000);
    let generated = 0;
    for (const journey of generateDemo({ customers, seed: 42, end: new Date() })) {
      generated += journey.events.length;
    }
    // "About": to the nearest thousand.
    expect(events).toBe(Math.round(generated / 1000) * 1000);
  });
});
