import { z } from "zod";
import { coded } from "./messages";

/**
 * Free text and JSON as PostgreSQL can store them. Its `text` and `jsonb` cannot hold U+0000
 * (the insert fails), and JavaScript turns some JSON into something else without a word: 1e309
 * into Infinity (then null), a nesting deep enough into a stack overflow when it is written out.
 * Each is refused here, with the field named, before it reaches the database.
 */

export const NUL_MESSAGE = "must not contain the NUL character (\\u0000)";

/** Properties and traits nest at most this deep (an object in an object is depth 2). */
export const MAX_JSON_DEPTH = 32;

/** A request body nests at most this deep: properties at their limit, inside a batch. */
export const MAX_BODY_DEPTH = 64;

export const SURROGATE_MESSAGE =
  "must be valid Unicode text (it holds half of a surrogate pair, such as \\ud800)";

/** The codes the web translates; the English above stays word for word what the API says. */
const NUL_PARAMS = { message: coded("textNul") };
const SURROGATE_PARAMS = { message: coded("textSurrogate") };

/** A UTF-16 surrogate without its other half: JSON can carry one, jsonb refuses it. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Text that is stored: a string without NUL, and without a lone surrogate (which text columns
 * turn into U+FFFD and jsonb, the audit log's before and after, refuses). `params` are
 * z.string's (its error message).
 */
export function ZText(params?: Parameters<typeof z.string>[0]) {
  return z
    .string(params)
    .refine((value) => !value.includes("\u0000"), { message: NUL_MESSAGE, params: NUL_PARAMS })
    .refine((value) => !LONE_SURROGATE.test(value), {
      message: SURROGATE_MESSAGE,
      params: SURROGATE_PARAMS,
    });
}

/** Why a string cannot be stored as it is (NUL, a lone surrogate), or null when it can. */
export function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return SURROGATE_MESSAGE;
  return null;
}

export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/** Reported per value at most: a body full of NUL is refused, not described in full. */
const MAX_PROBLEMS = 10;

/**
 * What in a value parsed from JSON cannot be stored as it was sent: NUL or half of a surrogate
 * pair in a string or a key, a number that overflowed to ±Infinity, nesting past `maxDepth`.
 * Walks without recursion, so that no input can overflow the stack; an empty list means the
 * value is storable.
 */
export function jsonProblems(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem[] {
  const problems: JsonProblem[] = [];
  const stack: { value: unknown; path: (string | number)[]; depth: number }[] = [
    { value, path: [], depth: 0 },
  ];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    // The loop condition guarantees an entry.
    const { value: v, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) problems.push({ path, message: problem });
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) {
        problems.push({
          path,
          message: "is a number too large to store (at most ±1.7976931348623157e308)",
        });
      }
    } else if (v !== null && typeof v === "object") {
      if (depth + 1 > maxDepth) {
        problems.push({ path, message: `nests deeper than ${maxDepth} levels` });
        continue;
      }
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) {
          stack.push({ value: v[i], path: [...path, i], depth: depth + 1 });
        }
      } else {
        const keys = Object.keys(v);
        const badKey = keys.find((key) => textProblem(key) !== null);
        if (badKey !== undefined) {
          problems.push({
            path,
            message: badKey.includes("\u0000")
              ? "has a key that contains the NUL character (\\u0000)"
              : "has a key that is not valid Unicode text (half of a surrogate pair)",
          });
        }
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i] as string;
          stack.push({
            value: (v as Record<string, unknown>)[key],
            path: [...path, key],
            depth: depth + 1,
          });
        }
      }
    } else if (typeof v !== "boolean" && v !== null) {
      problems.push({ path, message: "is not a JSON value" });
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}

/** Problems as "where what" messages, `prefix` naming the value itself (e.g. `traits`). */
export function describeJsonProblems(problems: JsonProblem[], prefix?: string): string[] {
  return problems.map((problem) => {
    const path = [...(prefix ? [prefix] : []), ...problem.path].join(".");
    return path ? `${path} ${problem.message}` : problem.message;
  });
}

/** Whether a value parsed from JSON nests deeper than `maxDepth`; without recursion. */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (top.value === null || typeof top.value !== "object") continue;
    if (top.depth + 1 > maxDepth) return true;
    for (const child of Object.values(top.value))
      stack.push({ value: child, depth: top.depth + 1 });
  }
  return false;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * A JSON object stored as jsonb (event properties, customer attributes): storable throughout
 * (see jsonProblems), at most `maxChars` as JSON, its names optionally bounded. The
 * object comes back as it was given, not copied key by key, so that a key such as `__proto__`,
 * an own key of what JSON.parse returns, is kept and stored like any other.
 */
export function ZJsonObject(options: {
  maxChars: number;
  tooLarge: string;
  keys?: { maxLength: number; tooLong: string };
}) {
  return z.unknown().transform((value, ctx) => {
    if (!isJsonObject(value)) {
      ctx.addIssue({ code: "custom", message: "must be a JSON object" });
      return z.NEVER;
    }
    const problems = jsonProblems(value);
    for (const problem of problems) {
      ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
    }
    if (problems.length > 0) return z.NEVER;
    const keys = options.keys;
    const long = keys && Object.keys(value).find((key) => key.length > keys.maxLength);
    if (keys && long !== undefined) {
      ctx.addIssue({ code: "custom", path: [long], message: keys.tooLong });
      return z.NEVER;
    }
    if (JSON.stringify(value).length > options.maxChars) {
      ctx.addIssue({ code: "custom", message: options.tooLarge });
      return z.NEVER;
    }
    return value;
  });
}
