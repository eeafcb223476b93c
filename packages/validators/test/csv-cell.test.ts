import { describe, expect, it } from "vitest";
import { guardCsvCell, unguardCsvCell } from "../src/csv-cell";

describe("guardCsvCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+33 6 12 34 56 78", "'+33 6 12 34 56 78"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["\n=1+1", "'\n=1+1"],
    ["-", "'-"],
    ["'=1+1", "''=1+1"],
  ])("makes %j text: %j", (value, cell) => {
    expect(guardCsvCell(value)).toBe(cell);
  });

  it.each(["-20.00", "-5", "-0.5", "-.5", "-1e5", "-1.5E-3", "12", "plain", "'quoted", "a=b", ""])(
    "leaves %j alone: a plain number or text that no spreadsheet runs",
    (value) => {
      expect(guardCsvCell(value)).toBe(value);
    },
  );

  it("reads back every value exactly, over every string of up to 4 tricky characters", () => {
    const alphabet = ["=", "+", "-", "@", "\t", "\r", "\n", "'", "a", "1", ".", "e"];
    let values = [""];
    let checked = 0;
    for (let length = 0; length <= 4; length++) {
      for (const value of values) {
        const cell = guardCsvCell(value);
        expect(unguardCsvCell(cell)).toBe(value);
        // A guarded cell never starts with a formula character.
        expect(/^[=+@\t\r\n]/.test(cell) || (/^-/.test(cell) && Number.isNaN(Number(cell)))).toBe(
          false,
        );
        checked++;
      }
      values = values.flatMap((value) => alphabet.map((c) => value + c));
    }
    expect(checked).toBe(1 + 12 + 12 ** 2 + 12 ** 3 + 12 ** 4);
  });
});
