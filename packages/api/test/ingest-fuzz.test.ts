import { deflateSync, gzipSync } from "node:zlib";
import { queryRows } from "@parcours/db";
import { createApiKey, setSegmentMapping } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  handleCustomers,
  handleEvents,
  handleSegment,
  type IngestDeps,
  RateLimiter,
} from "../src/http";

/**
 * Property-based fuzzing of the ingestion endpoints: arbitrary batches (NUL, half surrogate
 * pairs, overflowing numbers, deep nesting, __proto__, wrong types), mangled bytes, content
 * types and encodings. Never a 500, never a hang, never a partial write: a 2xx stores exactly
 * what it reports, as sent, and a 4xx stores nothing. Seeded: a failure reproduces on a rerun.
 */
const SEED = 20_261_202;
const RUNS = 40;
/** Far above any answer here (milliseconds): only a hang gets near it. */
const CALL_LIMIT_MS = 10_000;
const ALLOWED = [200, 400, 413, 415];

// ---- JSON as text, so that it can hold what a JavaScript value cannot (1e309, digits past
// 2^53) and keys such as __proto__ as they arrive on the wire.

/** Stands for a byte that is not UTF-8, put on the wire in its place. */
const NOT_UTF8 = "\u0002";
const NOT_UTF8_ESCAPED = Buffer.from(JSON.stringify(NOT_UTF8).slice(1, -1));

const NASTY_TEXT = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udc00",
  "😀",
  "caf\u00e9",
  // Sent as the byte 0xE9 alone (Latin-1 "é"), which is not UTF-8: see onTheWire.
  `caf${NOT_UTF8}`,
  "日本",
  "'; DROP TABLE events; --",
  "%_\\",
  "__proto__",
  "constructor",
  '"',
  "\n\t",
  "x".repeat(300),
];
// Mostly plain values, so that whole batches get through and are checked in the database too.
const plain = fc.stringMatching(/^[A-Za-z0-9 _.-]{0,10}$/);
const text = fc.oneof(
  { weight: 8, arbitrary: plain },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_TEXT) },
);
const key = fc.oneof(
  { weight: 8, arbitrary: plain },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "__proto__",
      "constructor",
      "prototype",
      "a\u0000",
      "\ud800",
      "k".repeat(120),
    ),
  },
);
const leaf = fc.oneof(
  { weight: 6, arbitrary: text.map((s) => JSON.stringify(s)) },
  {
    weight: 3,
    arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "1e309",
      "-1e400",
      "12345678901234567890",
      "true",
      "null",
      "-0",
      "1.5",
    ),
  },
);
const { node } = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    leaf,
    fc.array(tie("node"), { maxLength: 3 }).map((items) => `[${items.join(",")}]`),
    fc
      .array(fc.tuple(key, tie("node")), { maxLength: 3 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
  ),
}));
const objectNode = fc
  .array(fc.tuple(key, node), { maxLength: 4 })
  .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`);
/** `{"a":{"a":…1}}`, around the limits of 32 (properties) and 64 (a body) levels. */
const deep = fc.integer({ min: 28, max: 70 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`);
const jsonObject = fc.oneof({ weight: 8, arbitrary: objectNode }, { weight: 1, arbitrary: deep });

/** Mostly one of `good`, sometimes one of `bad`. */
const mostly = <T>(good: T[], bad: T[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: fc.constantFrom(...bad) },
  );

/** A field: absent, or its JSON text. */
type Field = string | undefined;
const objectText = (fields: Record<string, Field>) =>
  `{${Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
    .join(",")}}`;

/** An id: ours (prefix + suffix, so each run finds its own rows), or not text at all. */
type Id = { suffix: string } | { raw: Field };
const id: fc.Arbitrary<Id> = fc.oneof(
  { weight: 6, arbitrary: text.map((suffix) => ({ suffix })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<Field>("42", "12345678901234567890", "null", undefined)
      .map((raw) => ({ raw })),
  },
);
const idText = (value: Id, prefix: string): Field =>
  "suffix" in value ? JSON.stringify(prefix + value.suffix) : value.raw;

const optional = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.option(arbitrary, { nil: undefined, freq: 3 });

const event = fc.record({
  eventId: id,
  customerId: fc.oneof(
    text.map((s) => JSON.stringify(`c-${s}`)),
    fc.constantFrom<Field>("7", undefined),
  ),
  occurredAt: fc.oneof(
    { weight: 5, arbitrary: fc.constant('"2026-01-05T10:00:00Z"') },
    { weight: 1, arbitrary: text.map((s) => JSON.stringify(s)) },
  ),
  touchpoint: mostly(['"website"', '"checkout"'], ['"fax"', '"Web Site"', "1"]),
  type: mostly(['"view"', '"purchase"'], ['"Bad Type"', "null"]),
  satisfaction: optional(mostly(["4", "1", "null"], ["9", '"4"', "1e309", "2.5"])),
  revenue: optional(mostly(['"12.50"', "12.5", "-3"], ['"1.234"', "1e309", '"abc"'])),
  properties: optional(
    fc.oneof(
      { weight: 5, arbitrary: jsonObject },
      { weight: 1, arbitrary: fc.constantFrom("[]", "null", '""', '"{\\"a\\":1}"') },
    ),
  ),
  extra: optional(node),
});
type EventSpec = typeof event extends fc.Arbitrary<infer T> ? T : never;
const eventText = (e: EventSpec, prefix: string) =>
  objectText({ ...e, eventId: idText(e.eventId, prefix) });

const customer = fc.record({
  customerId: id,
  attributes: optional(
    fc.oneof(
      { weight: 5, arbitrary: jsonObject },
      { weight: 1, arbitrary: fc.constantFrom("[]", "null", "1") },
    ),
  ),
});
type CustomerSpec = typeof customer extends fc.Arbitrary<infer T> ? T : never;

const message = fc.record({
  type: fc.constantFrom('"track"', '"track"', '"identify"', '"page"', '"alias"', '"bogus"', "3"),
  event: fc.oneof(
    { weight: 4, arbitrary: fc.constant('"Product Viewed"') },
    { weight: 1, arbitrary: fc.constant('"Gift Wrapped"') },
    { weight: 1, arbitrary: text.map((s) => JSON.stringify(s)) },
  ),
  userId: id,
  messageId: id,
  timestamp: optional(fc.constantFrom('"2026-01-05T10:00:00Z"', '"yesterday"')),
  properties: optional(jsonObject),
  traits: optional(jsonObject),
  context: optional(node),
});
type MessageSpec = typeof message extends fc.Arbitrary<infer T> ? T : never;
const messageText = (m: MessageSpec, prefix: string) =>
  objectText({ ...m, userId: idText(m.userId, prefix), messageId: idText(m.messageId, prefix) });

// ---- The wire: bytes, mangled or not, a content type, an encoding.

const mangle = fc.oneof(
  { weight: 20, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 1, arbitrary: fc.nat().map((at) => ({ kind: "truncate" as const, at })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.nat(), fc.constantFrom(0xff, 0xc3, 0xe9, 0x80))
      .map(([at, byte]) => ({ kind: "byte" as const, at, byte })),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 64 })
      .map((bytes) => ({ kind: "garbage" as const, bytes })),
  },
);
type Mangle = typeof mangle extends fc.Arbitrary<infer T> ? T : never;

const encoding = mostly(
  ["identity", "identity", "gzip", "deflate", "x-gzip"],
  ["br", "gzip-but-not", "gzip-truncated"],
);
const contentType = mostly(
  ["application/json", "application/json; charset=utf-8", "text/plain"],
  ["application/octet-stream", "multipart/form-data; boundary=x", ""],
);

/** The JSON text as bytes, with each NOT_UTF8 written as the byte 0xE9. */
function encoded(json: string): Buffer {
  const bytes = Buffer.from(json);
  const parts: Buffer[] = [];
  let from = 0;
  for (
    let at = bytes.indexOf(NOT_UTF8_ESCAPED);
    at !== -1;
    at = bytes.indexOf(NOT_UTF8_ESCAPED, from)
  ) {
    parts.push(bytes.subarray(from, at), Buffer.from([0xe9]));
    from = at + NOT_UTF8_ESCAPED.length;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

function mangled(bytes: Buffer, how: Mangle): Buffer {
  if (how.kind === "truncate") return bytes.subarray(0, how.at % (bytes.length + 1));
  if (how.kind === "byte") {
    const at = how.at % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from([how.byte]), bytes.subarray(at)]);
  }
  if (how.kind === "garbage") return Buffer.from(how.bytes);
  return bytes;
}

function onTheWire(bytes: Buffer, coding: string, type: string, auth: Record<string, string>) {
  const headers: Record<string, string> = { ...auth };
  if (type) headers["content-type"] = type;
  let body: Buffer = bytes;
  if (coding === "gzip" || coding === "x-gzip") body = gzipSync(bytes);
  if (coding === "deflate") body = deflateSync(bytes);
  if (coding === "gzip-truncated") body = gzipSync(bytes).subarray(0, 12);
  if (coding !== "identity")
    headers["content-encoding"] = coding.startsWith("gzip") ? "gzip" : coding;
  return new Request("http://localhost/ingest", { method: "POST", headers, body });
}

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${CALL_LIMIT_MS} ms`)),
      CALL_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** A JSON value with its object keys sorted (jsonb reorders them), for comparison as text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What the server saw, when it answered 2xx: the bytes it was sent, before any encoding. */
function sent(bytes: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("answered 200 to a body that is not UTF-8: it read U+FFFD into it");
  }
  return JSON.parse(text) as Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

function rejectedIndexes(answer: Answer, count: number): Set<number> {
  const rejected = answer.body.rejected as { index: number; errors: string[] }[];
  expect(Array.isArray(rejected)).toBe(true);
  for (const r of rejected) {
    expect(Number.isInteger(r.index) && r.index >= 0 && r.index < count).toBe(true);
    expect(r.errors.length).toBeGreaterThan(0);
    for (const error of r.errors) expect(typeof error).toBe("string");
  }
  return new Set(rejected.map((r) => r.index));
}

describe.each(TEST_TARGETS)("fuzzing the ingestion endpoints on %s", (target) => {
  let t: TestDatabase;
  let deps: IngestDeps;
  let bearer: Record<string, string>;
  let basic: Record<string, string>;
  let run = 0;
  const nextPrefix = () => `fz${target[0]}${++run}-`;

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.db, query);
  const storedEvents = (prefix: string) =>
    rows<{ event_id: string; properties: string }>(
      sql`SELECT event_id, properties::text AS properties FROM events
          WHERE starts_with(event_id, ${prefix}) ORDER BY event_id`,
    );
  const storedCustomers = (prefix: string) =>
    rows<{ external_id: string; attributes: string }>(
      sql`SELECT external_id, attributes::text AS attributes FROM customers
          WHERE starts_with(external_id, ${prefix}) ORDER BY external_id`,
    );
  const storedUnmapped = async (prefix: string) =>
    (
      await rows<{ message_id: string }>(
        sql`SELECT message_id FROM segment_unmapped WHERE starts_with(message_id, ${prefix})
            ORDER BY message_id`,
      )
    ).map((r) => r.message_id);

  /** Sends, within the time limit, and checks the answer is never a server error. */
  async function send(handler: (request: Request) => Promise<Response>, request: Request) {
    const response = await within(handler(request), "a request");
    const body = (await response.json()) as Record<string, unknown>;
    expect(ALLOWED, JSON.stringify(body)).toContain(response.status);
    if (response.status !== 200) {
      expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    return { status: response.status, body };
  }

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    deps = { db: t.db, limiter: new RateLimiter(1_000_000, 1_000_000) };
    const { key } = await createApiKey(t.db, { id: null, email: "fuzz" }, "fuzz");
    bearer = { authorization: `Bearer ${key}` };
    basic = { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` };
    await setSegmentMapping(
      t.db,
      { id: null, email: "fuzz" },
      {
        eventName: "Product Viewed",
        touchpoint: "website",
        type: "view",
      },
    );
  });
  afterAll(() => t.cleanup());

  it("POST /api/v1/events stores exactly what it reports, as sent, and nothing on a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { maxLength: 6 }),
        mangle,
        encoding,
        contentType,
        async (events, how, coding, type) => {
          const prefix = nextPrefix();
          const json = `{"events":[${events.map((e) => eventText(e, prefix)).join(",")}]}`;
          const bytes = mangled(encoded(json), how);
          const answer = await send(
            (r) => handleEvents(r, deps),
            onTheWire(bytes, coding, type, bearer),
          );
          const stored = await storedEvents(prefix);
          if (answer.status !== 200) {
            expect(stored).toEqual([]);
            return;
          }
          const items = sent(bytes).events as unknown[];
          const rejected = rejectedIndexes(answer, items.length);
          // The first occurrence of each id not rejected is stored, with its properties as sent.
          const expected = new Map<string, string>();
          let valid = 0;
          items.forEach((item, index) => {
            if (rejected.has(index)) return;
            valid++;
            expect(isObject(item) && typeof item.eventId === "string").toBe(true);
            const record = item as Record<string, unknown>;
            const eventId = (record.eventId as string).trim();
            let properties = record.properties;
            if (typeof properties === "string" && properties !== "")
              properties = JSON.parse(properties);
            if (properties === undefined || properties === null || properties === "")
              properties = {};
            if (!expected.has(eventId)) expected.set(eventId, canonical(properties));
          });
          expect(answer.body.accepted).toBe(expected.size);
          expect(answer.body.duplicates).toBe(valid - expected.size);
          expect(stored.map((r) => [r.event_id, canonical(JSON.parse(r.properties))])).toEqual(
            [...expected].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
          );
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("POST /api/v1/customers stores exactly the customers it accepts, with their attributes as sent", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(customer, { maxLength: 5 }),
        mangle,
        encoding,
        contentType,
        async (customers, how, coding, type) => {
          const prefix = nextPrefix();
          const json = `{"customers":[${customers
            .map((c: CustomerSpec) =>
              objectText({ ...c, customerId: idText(c.customerId, prefix) }),
            )
            .join(",")}]}`;
          const bytes = mangled(encoded(json), how);
          const answer = await send(
            (r) => handleCustomers(r, deps),
            onTheWire(bytes, coding, type, bearer),
          );
          const stored = await storedCustomers(prefix);
          if (answer.status !== 200) {
            expect(stored).toEqual([]);
            return;
          }
          const items = sent(bytes).customers as unknown[];
          const rejected = rejectedIndexes(answer, items.length);
          // Attributes sent again for the same customer are merged, later keys winning.
          const expected = new Map<string, Record<string, unknown>>();
          items.forEach((item, index) => {
            if (rejected.has(index)) return;
            const record = item as Record<string, unknown>;
            const externalId = (record.customerId as string).trim();
            const attributes = (record.attributes ?? {}) as Record<string, unknown>;
            expected.set(externalId, { ...(expected.get(externalId) ?? {}), ...attributes });
          });
          expect(answer.body.accepted).toBe(items.length - rejected.size);
          expect(answer.body.created).toBe(expected.size);
          expect(stored.map((r) => [r.external_id, canonical(JSON.parse(r.attributes))])).toEqual(
            [...expected]
              .map(([k, v]) => [k, canonical(v)])
              .sort(([a], [b]) => ((a as string) < (b as string) ? -1 : a === b ? 0 : 1)),
          );
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("POST /api/segment/v1/batch stores what it accepts and nothing on a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(message, { maxLength: 5 }),
        mangle,
        encoding,
        contentType,
        async (messages, how, coding, type) => {
          const prefix = nextPrefix();
          const json = `{"batch":[${messages.map((m) => messageText(m, prefix)).join(",")}]}`;
          const bytes = mangled(encoded(json), how);
          const answer = await send(
            (r) => handleSegment("batch", r, deps),
            onTheWire(bytes, coding, type, basic),
          );
          const events = (await storedEvents(prefix)).map((r) => r.event_id);
          const unmapped = await storedUnmapped(prefix);
          const customers = (await storedCustomers(prefix)).map((r) => r.external_id);
          if (answer.status !== 200) {
            expect({ events, unmapped, customers }).toEqual({
              events: [],
              unmapped: [],
              customers: [],
            });
            return;
          }
          const items = sent(bytes).batch as unknown[];
          const rejected = rejectedIndexes(answer, items.length);
          const expectedEvents = new Set<string>();
          const expectedUnmapped = new Set<string>();
          const identified = new Set<string>();
          items.forEach((item, index) => {
            if (rejected.has(index) || !isObject(item)) return;
            const messageId = String(item.messageId).trim();
            if (item.type === "identify")
              identified.add(String(item.userId ?? item.anonymousId).trim());
            const mapped =
              item.type === "page" || (item.type === "track" && item.event === "Product Viewed");
            const named =
              item.type === "track" && typeof item.event === "string" && item.event.trim() !== "";
            if (mapped) expectedEvents.add(messageId);
            else if (named) expectedUnmapped.add(messageId);
          });
          expect(events).toEqual([...expectedEvents].sort());
          expect(unmapped).toEqual([...expectedUnmapped].sort());
          for (const id of identified) {
            if (id.startsWith(prefix)) expect(customers).toContain(id);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
