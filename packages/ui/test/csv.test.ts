import { describe, expect, it } from "vitest";
import { toCsv } from "../src/csv";

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
