/**
 * The one way values enter ClickHouse SQL. ClickHouse 18.16 has no query parameters, so every
 * value is rendered as a typed literal here: integers are checked to be safe integers, strings
 * are escaped for ClickHouse's quoting rules (backslash escapes inside single quotes), arrays
 * hold literals only, and instants become integer microseconds since the Unix epoch (the
 * schema's `occurred_us`). Queries are built with the `chSql` tag, which accepts nothing but
 * fragments made here, so a raw string cannot slip into a query by accident.
 */

const FRAGMENT = Symbol("clickhouse.sql");

/** A piece of ClickHouse SQL whose every value went through this module. */
export interface ChSql {
  readonly [FRAGMENT]: true;
  readonly text: string;
}

function fragment(text: string): ChSql {
  return Object.freeze({ [FRAGMENT]: true as const, text });
}

export function isChSql(value: unknown): value is ChSql {
  return typeof value === "object" && value !== null && FRAGMENT in value;
}

export class ClickHouseLiteralError extends Error {
  override name = "ClickHouseLiteralError";
}

/**
 * Tagged template: the literal parts are the program's own SQL, the interpolations must be
 * fragments (literals, identifiers or nested `chSql`).
 */
export function chSql(strings: TemplateStringsArray, ...values: ChSql[]): ChSql {
  let text = strings[0] ?? "";
  values.forEach((value, i) => {
    if (!isChSql(value)) {
      throw new ClickHouseLiteralError(
        `chSql: interpolation ${i + 1} is a ${typeof value}, not a literal; wrap it in lit.*`,
      );
    }
    text += value.text + (strings[i + 1] ?? "");
  });
  return fragment(text);
}

/**
 * SQL text the program itself owns and ships (the migration files): never a value, never
 * anything a user or a database row supplied.
 */
export function trustedSql(text: string): ChSql {
  return fragment(text);
}

/** Joins fragments with a separator (itself program SQL, such as ", " or " AND "). */
export function joinSql(parts: readonly ChSql[], separator: string): ChSql {
  for (const part of parts) {
    if (!isChSql(part)) throw new ClickHouseLiteralError("joinSql: every part must be a fragment");
  }
  return fragment(parts.map((p) => p.text).join(separator));
}

// ClickHouse reads these escapes inside '…' (and the same set in back-quoted identifiers).
const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  "`": "\\`",
  "\0": "\\0",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

// With the u flag a well-formed pair is one code point: this matches unpaired halves only.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function escapeString(value: string): string {
  // Lone surrogates would be sent as U+FFFD: the value stored would not be the value given.
  if (LONE_SURROGATE.test(value)) {
    throw new ClickHouseLiteralError("string literal holds an unpaired UTF-16 surrogate");
  }
  return value.replace(/[\\'`\0\b\f\n\r\t]/g, (c) => ESCAPES[c] ?? c);
}

function checkInteger(value: number | bigint, min: bigint, max: bigint, what: string): string {
  let n: bigint;
  if (typeof value === "bigint") {
    n = value;
  } else {
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
      throw new ClickHouseLiteralError(
        `${what} literal must be a safe integer, got ${String(value)}`,
      );
    }
    n = BigInt(value);
  }
  if (n < min || n > max) {
    throw new ClickHouseLiteralError(`${what} literal out of range: ${n}`);
  }
  return n.toString();
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export const lit = {
  /** A signed 64-bit integer (numbers must be safe integers; bigints cover the full range). */
  int(value: number | bigint): ChSql {
    // Negative literals in parentheses: `-1` after another operator reads as expected.
    const text = checkInteger(value, INT64_MIN, INT64_MAX, "integer");
    return fragment(text.startsWith("-") ? `(${text})` : text);
  },
  /** An unsigned 64-bit integer: ids, transaction ids. */
  uint(value: number | bigint): ChSql {
    return fragment(checkInteger(value, 0n, UINT64_MAX, "unsigned integer"));
  },
  /** A finite floating-point number. */
  float(value: number): ChSql {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new ClickHouseLiteralError(`float literal must be finite, got ${String(value)}`);
    }
    const text = String(value);
    return fragment(value < 0 ? `(${text})` : text);
  },
  bool(value: boolean): ChSql {
    if (typeof value !== "boolean")
      throw new ClickHouseLiteralError("bool literal must be a boolean");
    return fragment(value ? "1" : "0");
  },
  str(value: string): ChSql {
    if (typeof value !== "string") {
      throw new ClickHouseLiteralError(`string literal must be a string, got ${typeof value}`);
    }
    return fragment(`'${escapeString(value)}'`);
  },
  /** An instant as integer microseconds since the Unix epoch (Int64), as `occurred_us` stores it. */
  dateUs(value: Date): ChSql {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      throw new ClickHouseLiteralError("date literal must be a valid Date");
    }
    return lit.int(BigInt(value.getTime()) * 1000n);
  },
  /** Microseconds since the Unix epoch given directly (exact PostgreSQL precision). */
  us(value: number | bigint): ChSql {
    return lit.int(value);
  },
  /** `NULL` when the value is null, else the literal `make` builds. */
  nullable<T>(value: T | null, make: (v: T) => ChSql): ChSql {
    return value === null ? fragment("NULL") : make(value);
  },
  /** An array of literals made by lit.* (empty arrays need a type: use `emptyArrayUInt32()` & co). */
  array(values: readonly ChSql[]): ChSql {
    return fragment(`[${joinSql(values, ", ").text}]`);
  },
  ints(values: readonly (number | bigint)[]): ChSql {
    return lit.array(values.map((v) => lit.int(v)));
  },
  uints(values: readonly (number | bigint)[]): ChSql {
    return lit.array(values.map((v) => lit.uint(v)));
  },
  strs(values: readonly string[]): ChSql {
    return lit.array(values.map((v) => lit.str(v)));
  },
  /** A table, column or database name: checked against a plain identifier shape, back-quoted. */
  ident(name: string): ChSql {
    if (typeof name !== "string" || !IDENTIFIER.test(name)) {
      throw new ClickHouseLiteralError(`not a plain identifier: ${JSON.stringify(name)}`);
    }
    return fragment(`\`${name}\``);
  },
} as const;
