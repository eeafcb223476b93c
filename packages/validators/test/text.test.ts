import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  describeIssues,
  jsonProblems,
  MAX_JSON_DEPTH,
  NUL_MESSAGE,
  nestsDeeperThan,
  ZAnnotationInputSchema,
  ZApiCustomerSchema,
  ZApiEventSchema,
  ZApiKeyCreateSchema,
  ZAuditListSchema,
  ZEventInputSchema,
  ZPersonaInputSchema,
  ZPersonaPreviewSchema,
  ZSavedViewInputSchema,
  ZStageUpdateSchema,
  ZTouchpointChangeSchema,
  ZTouchpointCreateSchema,
  ZUserCreateSchema,
} from "../src";

const event = {
  eventId: "e1",
  customerId: "c1",
  occurredAt: "2026-03-01T10:15:00Z",
  touchpoint: "website",
  type: "view",
};
const persona = {
  name: "Loyal",
  description: "Comes back",
  goals: ["save time"],
  needs: ["stock"],
  painPoints: ["queues"],
  colour: "#2563eb",
  priority: 1,
  rules: { match: "all", conditions: [{ attribute: "city", operator: "eq", value: "Lyon" }] },
};
const view = { name: "Q3", description: "d", period: { kind: "relative", days: 30 } };

/** A copy of `value` with NUL put into the string at `path`. */
function withNul(value: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  parent[last] = `${String(parent[last] ?? "")}a\u0000b`;
  return copy;
}

/** Every schema in the package that takes free text, each field of it that is stored or queried. */
const FREE_TEXT: [string, z.ZodType, unknown, (string | number)[]][] = [
  ["event id", ZEventInputSchema, event, ["eventId"]],
  ["customer id", ZEventInputSchema, event, ["customerId"]],
  ["API event id", ZApiEventSchema, event, ["eventId"]],
  ["API customer id", ZApiCustomerSchema, { customerId: "c1" }, ["customerId"]],
  ["API key name", ZApiKeyCreateSchema, { name: "tag" }, ["name"]],
  ["user name", ZUserCreateSchema, { email: "a@b.co", role: "viewer", name: "Ann" }, ["name"]],
  ["audit search", ZAuditListSchema, { search: "x" }, ["search"]],
  ["audit actor", ZAuditListSchema, { actor: "x" }, ["actor"]],
  ["audit entity type", ZAuditListSchema, { entityType: "x" }, ["entityType"]],
  ["stage name", ZStageUpdateSchema, { key: "discovery", name: "D" }, ["name"]],
  ["stage goal", ZStageUpdateSchema, { key: "discovery", name: "D", goal: "g" }, ["goal"]],
  [
    "stage action",
    ZStageUpdateSchema,
    { key: "discovery", name: "D", actions: ["look"] },
    ["actions", 0],
  ],
  [
    "touchpoint name",
    ZTouchpointCreateSchema,
    { key: "kiosk", name: "Kiosk", channel: "store", stage: "discovery" },
    ["name"],
  ],
  ["renamed touchpoint", ZTouchpointChangeSchema, { key: "kiosk", name: "K" }, ["name"]],
  ["persona name", ZPersonaInputSchema, persona, ["name"]],
  ["persona description", ZPersonaInputSchema, persona, ["description"]],
  ["persona goal", ZPersonaInputSchema, persona, ["goals", 0]],
  ["persona need", ZPersonaInputSchema, persona, ["needs", 0]],
  ["persona pain point", ZPersonaInputSchema, persona, ["painPoints", 0]],
  ["persona rule value", ZPersonaInputSchema, persona, ["rules", "conditions", 0, "value"]],
  ["persona preview name", ZPersonaPreviewSchema, { ...persona, name: "New" }, ["name"]],
  ["view name", ZSavedViewInputSchema, view, ["name"]],
  ["view description", ZSavedViewInputSchema, view, ["description"]],
  [
    "comment",
    ZAnnotationInputSchema,
    { viewId: 1, target: { kind: "view" }, body: "hi" },
    ["body"],
  ],
];

describe("NUL in free text", () => {
  it.each(FREE_TEXT)("the %s is refused, with the field named", (_name, schema, valid, path) => {
    expect(schema.safeParse(valid).success).toBe(true);
    const result = schema.safeParse(withNul(valid, path));
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues).toContainEqual(
        expect.objectContaining({ path, message: NUL_MESSAGE }),
      );
    }
  });
});

function eventErrors(change: Record<string, unknown>, names?: "interchange"): string[] {
  const result = ZEventInputSchema.safeParse({ ...event, ...change });
  return result.success ? [] : describeIssues(result.error, names);
}

/** `{"a":{"a":…}}` nested `depth` objects deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

describe("event properties are stored as sent, or refused with the place named", () => {
  // Each as the API's JSON object and as the JSON text of an import's properties cell.
  it.each([
    ["NUL in a value", '{"note": "a\\u0000b"}', `properties.note ${NUL_MESSAGE}`],
    ["NUL in a nested value", '{"cart": {"items": ["ok", "\\u0000"]}}', "properties.cart.items.1"],
    [
      "NUL in a key",
      '{"a\\u0000": 1}',
      "properties has a key that contains the NUL character (\\u0000)",
    ],
    [
      "half of a surrogate pair in a value",
      '{"note": "a\\ud800b"}',
      "properties.note must be valid Unicode text",
    ],
    [
      "half of a surrogate pair in a key",
      '{"\\udc00": 1}',
      "properties has a key that is not valid Unicode text (half of a surrogate pair)",
    ],
    [
      "a number that overflows (1e309)",
      '{"price": 1e309}',
      "properties.price is a number too large to store",
    ],
    [
      "nesting past the limit",
      JSON.stringify(nested(MAX_JSON_DEPTH + 1)),
      `nests deeper than ${MAX_JSON_DEPTH}`,
    ],
    [
      "more than 32 kB",
      JSON.stringify({ pad: "x".repeat(32_000) }),
      "properties are larger than 32 kB as JSON",
    ],
  ])("%s", (_name, cell, message) => {
    expect(eventErrors({ properties: JSON.parse(cell) }).join("; ")).toContain(message);
    expect(eventErrors({ properties: cell }).join("; ")).toContain(message);
  });

  it("names the field of a revenue that overflowed (1e309) or is not a number", () => {
    for (const revenue of [JSON.parse("1e309"), true, {}]) {
      expect(eventErrors({ revenue })).toEqual([
        "revenue must be a decimal number with at most 2 decimals",
      ]);
    }
  });

  it("takes whole surrogate pairs and other scripts", () => {
    expect(
      eventErrors({ properties: JSON.parse('{"emoji": "\\ud83d\\ude00", "日本": "ok"}') }),
    ).toEqual([]);
  });

  it("takes properties nested exactly to the limit", () => {
    expect(eventErrors({ properties: nested(MAX_JSON_DEPTH) })).toEqual([]);
  });

  it("keeps a __proto__ key as an own key, as JSON.parse made it", () => {
    const properties = JSON.parse('{"__proto__": {"admin": true}, "sku": "A1"}');
    const parsed = ZEventInputSchema.parse({ ...event, properties });
    expect(Object.keys(parsed.properties ?? {})).toEqual(["__proto__", "sku"]);
    expect(JSON.stringify(parsed.properties)).toBe('{"__proto__":{"admin":true},"sku":"A1"}');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const fromCell = ZEventInputSchema.parse({ ...event, properties: '{"__proto__": 1}' });
    expect(JSON.stringify(fromCell.properties)).toBe('{"__proto__":1}');
  });

  it("names the column of an import, and the keys inside properties as sent", () => {
    expect(eventErrors({ properties: { eventId: "\u0000" } }, "interchange")).toEqual([
      `properties.eventId ${NUL_MESSAGE}`,
    ]);
    expect(eventErrors({ eventId: "a\u0000" }, "interchange")).toEqual([`event_id ${NUL_MESSAGE}`]);
  });
});

describe("customer attributes", () => {
  it("keep __proto__ and refuse what cannot be stored", () => {
    const attributes = JSON.parse('{"__proto__": "x", "age": 3}');
    expect(
      JSON.stringify(ZApiCustomerSchema.parse({ customerId: "c", attributes }).attributes),
    ).toBe('{"__proto__":"x","age":3}');
    const bad = ZApiCustomerSchema.safeParse({
      customerId: "c",
      attributes: JSON.parse('{"city": "Ly\\u0000on", "score": -1e400}'),
    });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(describeIssues(bad.error)).toEqual([
        `attributes.city ${NUL_MESSAGE}`,
        "attributes.score is a number too large to store (at most ±1.7976931348623157e308)",
      ]);
    }
  });

  it("keep their limits and messages", () => {
    const long = ZApiCustomerSchema.safeParse({
      customerId: "c",
      attributes: { ["k".repeat(101)]: 1 },
    });
    expect(long.success || describeIssues(long.error)[0]).toMatch(
      /attribute names have at most 100 characters$/,
    );
    const notObject = ZApiCustomerSchema.safeParse({ customerId: "c", attributes: null });
    expect(notObject.success || describeIssues(notObject.error)).toEqual([
      "attributes must be a JSON object",
    ]);
    expect(ZApiCustomerSchema.parse({ customerId: "c" }).attributes).toEqual({});
  });
});

describe("walking JSON without recursion", () => {
  it("measures 100,000 levels without overflowing the stack", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(nestsDeeperThan(deep, 64)).toBe(true);
    expect(nestsDeeperThan([[1]], 2)).toBe(false);
    expect(jsonProblems(deep)).toEqual([
      { path: expect.any(Array), message: `nests deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  });

  it("reports at most ten problems", () => {
    expect(jsonProblems(Array.from({ length: 1000 }, () => "\u0000"))).toHaveLength(10);
  });
});
