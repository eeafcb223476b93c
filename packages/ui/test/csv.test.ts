import { describe, expect, it } from "vitest";
import { CSV_EUROS, CSV_HOURS, CSV_PERCENT, CSV_RATING, toCsv } from "../src/csv";

const BOM = "\uFEFF";

describe("toCsv", () => {
  it("starts with a UTF-8 BOM, a header of labels, CRLF between records and none at the end", () => {
    const csv = toCsv(
      [
        { key: "stage", label: "Étape" },
        { key: "customers", label: "Clients" },
      ],
      [
        { stage: "Découverte", customers: 1200 },
        { stage: "Achat", customers: 310 },
      ],
    );
    expect(csv).toBe(`${BOM}Étape,Clients\r\nDécouverte,1200\r\nAchat,310`);
  });

  it("writes raw numbers with a dot decimal, null and missing keys as empty fields", () => {
    const csv = toCsv(
      [
        { key: "a", label: "a" },
        { key: "b", label: "b" },
        { key: "c", label: "c" },
      ],
      [
        { a: 0.2583333, b: null },
        { a: -12.5, b: 1e-7, c: Number.NaN },
      ],
    );
    expect(csv).toBe(`${BOM}a,b,c\r\n0.2583333,,\r\n-12.5,1e-7,`);
  });

  it("quotes fields holding a comma, a quote or a line break, doubling inner quotes (RFC 4180)", () => {
    const csv = toCsv(
      [{ key: "v", label: 'Say "hi", then' }],
      [{ v: "a,b" }, { v: 'he said "no"' }, { v: "two\nlines" }, { v: "cr\r\nlf" }, { v: "plain" }],
    );
    expect(csv).toBe(
      `${BOM}"Say ""hi"", then"\r\n"a,b"\r\n"he said ""no"""\r\n"two\nlines"\r\n"cr\r\nlf"\r\nplain`,
    );
  });

  it("keeps text that a spreadsheet would run as a formula as text, numbers as numbers", () => {
    const csv = toCsv(
      [{ key: "v", label: "v" }],
      [
        { v: "=1+1" },
        { v: "@SUM(A1)" },
        { v: "-2+3+cmd|' /C calc'!A0" },
        { v: "+33 6 12" },
        { v: "\t=1" },
        { v: "\r=1" },
        { v: "-5" },
        { v: -20 },
      ],
    );
    expect(csv).toBe(
      `${BOM}v\r\n'=1+1\r\n'@SUM(A1)\r\n'-2+3+cmd|' /C calc'!A0\r\n'+33 6 12\r\n'\t=1\r\n"'\r=1"\r\n-5\r\n-20`,
    );
  });

  it("gives just the header for no rows", () => {
    expect(toCsv([{ key: "x", label: "X" }], [])).toBe(`${BOM}X`);
  });
});

describe("toCsv with rounded columns", () => {
  it("writes ratios as percentages and seconds as hours, rounded, with the unit in the header", () => {
    const csv = toCsv(
      [
        { key: "step", label: "Step" },
        { key: "customers", label: "Customers" },
        { key: "conversion", label: "Conversion", csv: CSV_PERCENT },
        { key: "median", label: "Median time", csv: CSV_HOURS },
        { key: "satisfaction", label: "Satisfaction", csv: CSV_RATING },
        { key: "aov", label: "Average order", csv: CSV_EUROS },
        { key: "raw", label: "Conversion (raw ratio)" },
      ],
      [
        {
          step: "Purchase",
          customers: 2159,
          conversion: 0.7246229107215655,
          median: 358133.99999999994,
          satisfaction: 3.716666666666667,
          aov: 84.30000000000001,
          raw: 0.7246229107215655,
        },
        {
          step: "Entry",
          customers: 4906,
          conversion: null,
          median: 0,
          satisfaction: -0.0001,
          aov: 100,
          raw: null,
        },
      ],
    );
    expect(csv).toBe(
      `${BOM}Step,Customers,Conversion (%),Median time (h),Satisfaction,Average order (EUR),Conversion (raw ratio)\r\n` +
        "Purchase,2159,72.5,99.48,3.72,84.3,0.7246229107215655\r\n" +
        "Entry,4906,,0,0,100,",
    );
  });
});
