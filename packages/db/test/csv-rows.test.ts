import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { csvRows } from "../src/interchange/csv-rows";

async function rows(text: string) {
  const out = [];
  for await (const row of csvRows(Readable.from([text]))) out.push(row);
  return out;
}

describe("csvRows", () => {
  it("reads quoted cells with commas, doubled quotes and line breaks, by starting line", async () => {
    expect(await rows('a,"b,""c""",d\r\n\r\n"x\r\ny",z\n\uFEFFlast,')).toEqual([
      { line: 1, fields: ["a", 'b,"c"', "d"] },
      { line: 3, fields: ["x\ny", "z"] },
      { line: 5, fields: ["\uFEFFlast", ""] },
    ]);
  });

  it("reports a malformed row alone and keeps reading the rows after it", async () => {
    expect(await rows('ok,1\n"bad"x,2\nb"ad,3\nok,4\n')).toEqual([
      { line: 1, fields: ["ok", "1"] },
      { line: 2, field: 1, error: expect.stringMatching(/text after its closing quote/) },
      { line: 3, field: 1, error: expect.stringMatching(/has a quote but is not quoted/) },
      { line: 4, fields: ["ok", "4"] },
    ]);
  });

  it("does not let two stray quotes pair up across the rows between them", async () => {
    expect(await rows('5" screen,1\nok,2\n7" screen,3\nok,4')).toEqual([
      { line: 1, field: 1, error: expect.stringMatching(/not quoted/) },
      { line: 2, fields: ["ok", "2"] },
      { line: 3, field: 1, error: expect.stringMatching(/not quoted/) },
      { line: 4, fields: ["ok", "4"] },
    ]);
  });

  it("gives up on a quote never closed, then reads the lines after it again", async () => {
    expect(await rows('ok,1\n"open,2\nok,3\nok,4')).toEqual([
      { line: 1, fields: ["ok", "1"] },
      {
        line: 2,
        error: "a quoted value opened on this line is not closed before the end of the file",
      },
      { line: 3, fields: ["ok", "3"] },
      { line: 4, fields: ["ok", "4"] },
    ]);
    const long = ['"open,1', ...Array.from({ length: 1_200 }, (_, i) => `r${i},x`)].join("\n");
    const read = await rows(long);
    expect(read[0]).toEqual({
      line: 1,
      error: expect.stringMatching(/not closed within 1000 lines/),
    });
    expect(read.slice(1)).toHaveLength(1_200);
    expect(read[1_200]).toEqual({ line: 1_201, fields: ["r1199", "x"] });
  });
});
