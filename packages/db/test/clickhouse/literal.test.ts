import { describe, expect, it } from "vitest";
import {
  type ChSql,
  ClickHouseLiteralError,
  chSql,
  joinSql,
  lit,
} from "../../src/analytics/clickhouse/literal";
import { CLICKHOUSE_UP, openTestClickHouse } from "./helpers";

// Strings an attacker would send as a touchpoint key, a persona name or a property value.
const HOSTILE = [
  "'; DROP TABLE events; --",
  "\\'; DROP TABLE events; --",
  "\\",
  "\\\\'",
  "'",
  "''",
  "a\\",
  "`; SELECT 1 --",
  "x' OR 1=1 OR 'x",
  "line\nbreak\r\ttab",
  "nul\0byte",
  "\b\f",
  "/* comment */ --",
  '{ "json": "\\u0027" }',
  "émoji 🙂 and 中文",
  "$1 ? :name {name:String}",
  "%27%3B",
];

describe("ClickHouse literals (text)", () => {
  it("escapes backslash, quote, back-quote and control characters", () => {
    expect(lit.str("it's").text).toBe("'it\\'s'");
    expect(lit.str("a\\b").text).toBe("'a\\\\b'");
    expect(lit.str("\\'").text).toBe("'\\\\\\''");
    expect(lit.str("a\nb\0").text).toBe("'a\\nb\\0'");
    expect(lit.str("`").text).toBe("'\\`'");
  });

  it("accepts only safe integers within the type's range", () => {
    expect(lit.int(42).text).toBe("42");
    expect(lit.int(-7).text).toBe("(-7)");
    expect(lit.uint(2n ** 64n - 1n).text).toBe("18446744073709551615");
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 53)]) {
      expect(() => lit.int(bad)).toThrow(ClickHouseLiteralError);
    }
    expect(() => lit.uint(-1)).toThrow(ClickHouseLiteralError);
    expect(() => lit.uint(2n ** 64n)).toThrow(ClickHouseLiteralError);
    expect(() => lit.int(2n ** 63n)).toThrow(ClickHouseLiteralError);
    // A string that looks like a number is still not a number.
    expect(() => lit.int("1; DROP TABLE events" as unknown as number)).toThrow(
      ClickHouseLiteralError,
    );
  });

  it("renders dates as integer microseconds and rejects invalid dates", () => {
    expect(lit.dateUs(new Date("2021-01-04T00:00:00.123Z")).text).toBe("1609718400123000");
    expect(() => lit.dateUs(new Date("nope"))).toThrow(ClickHouseLiteralError);
  });

  it("checks identifiers against a plain shape", () => {
    expect(lit.ident("events").text).toBe("`events`");
    for (const bad of ["", "1a", "a b", "a`b", "events; DROP", "a.b", "é"]) {
      expect(() => lit.ident(bad)).toThrow(ClickHouseLiteralError);
    }
  });

  it("refuses strings that are not well-formed UTF-16 and non-finite floats", () => {
    expect(() => lit.str("\uD800x")).toThrow(ClickHouseLiteralError);
    expect(lit.str("🙂").text).toBe("'🙂'");
    expect(() => lit.float(Number.NaN)).toThrow(ClickHouseLiteralError);
  });

  it("refuses raw values in the chSql tag", () => {
    const raw = "1 OR 1=1" as unknown as ChSql;
    expect(() => chSql`SELECT ${raw}`).toThrow(ClickHouseLiteralError);
    expect(() => joinSql([raw], ",")).toThrow(ClickHouseLiteralError);
    expect(chSql`SELECT ${lit.array([lit.int(1), lit.str("a")])}`.text).toBe("SELECT [1, 'a']");
  });
});

describe.skipIf(!CLICKHOUSE_UP)("ClickHouse literals (server round trip)", () => {
  it("brings every hostile string back unchanged, as one value", async () => {
    const ch = await openTestClickHouse({ migrate: false });
    try {
      for (const value of HOSTILE) {
        const rows = await ch.query<{ v: string; n: string }>(
          chSql`SELECT ${lit.str(value)} AS v, toString(length(${lit.strs([value, value])})) AS n`,
        );
        expect(rows).toEqual([{ v: value, n: "2" }]);
      }
      // A hostile value in a WHERE clause filters; it does not run.
      await ch.command(chSql`CREATE TABLE t (s String) ENGINE = MergeTree ORDER BY s`);
      await ch.insert(
        "t",
        HOSTILE.map((s) => ({ s })),
      );
      for (const value of HOSTILE) {
        const [row] = await ch.query<{ n: string }>(
          chSql`SELECT count() AS n FROM t WHERE s = ${lit.str(value)}`,
        );
        expect(row?.n).toBe("1");
      }
      const [count] = await ch.query<{ n: string }>(chSql`SELECT count() AS n FROM t`);
      expect(count?.n).toBe(String(HOSTILE.length));
    } finally {
      await ch.cleanup();
    }
  });

  it("sends integers, dates and nulls as the server's types", async () => {
    const ch = await openTestClickHouse({ migrate: false });
    try {
      const when = new Date("2024-02-29T23:59:59.999Z");
      const [row] = await ch.query<Record<string, unknown>>(
        chSql`SELECT ${lit.int(-5)} - 1 AS a, ${lit.uint(2n ** 64n - 1n)} AS b,
          ${lit.dateUs(when)} AS c, ${lit.nullable(null, lit.int)} AS d,
          has(${lit.ints([1, 2, 3])}, ${lit.int(2)}) AS e`,
      );
      expect(row).toEqual({
        a: -6,
        b: "18446744073709551615",
        c: String(when.getTime() * 1000),
        d: null,
        e: 1,
      });
    } finally {
      await ch.cleanup();
    }
  });
});
