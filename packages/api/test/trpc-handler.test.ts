import type { UserRow } from "@parcours/db/queries";
import {
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { MAX_TRPC_BATCH_SIZE, MAX_TRPC_BODY_BYTES } from "@parcours/validators";
import superjson from "superjson";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTRPCContext, handleTRPCRequest } from "../src";
import { FAIR_SHARE_LIMITS, fairShare } from "../src/fair-share";
import { createTestUsers, filter } from "./procedures";

interface ErrorEnvelope {
  error: { json: { message: string; data: { code: string; httpStatus: number } } };
}

describe.each(TEST_TARGETS)("the tRPC route on %s", (target) => {
  let t: TestDatabase;
  let viewer: UserRow;
  const release: (() => void)[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    viewer = (await createTestUsers(t.db)).viewer;
  });
  afterEach(() => {
    for (const open of release.splice(0)) open();
  });
  afterAll(() => t.cleanup());

  const serve = (req: Request) =>
    handleTRPCRequest({
      req,
      createContext: () => createTRPCContext({ headers: req.headers, db: t.db, user: viewer }),
    });

  /** A GET batch of `count` identical calls, as httpBatchLink sends it. */
  function batch(path: string, count: number, input: unknown): Request {
    const inputs = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [i, superjson.serialize(input)]),
    );
    const paths = Array.from({ length: count }, () => path).join(",");
    const query = encodeURIComponent(JSON.stringify(inputs));
    return new Request(`http://localhost/api/trpc/${paths}?batch=1&input=${query}`);
  }

  it("a batch of 60 heatmap queries (the request that held the server for 33 s) is a 400 naming the limit, at once", async () => {
    const started = performance.now();
    const response = await serve(batch("dashboard.heatmap", 60, { filter }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorEnvelope;
    expect(body.error.json.message).toBe(
      `a request batches at most ${MAX_TRPC_BATCH_SIZE} calls; send the others in another request`,
    );
  });

  it(`a batch of ${MAX_TRPC_BATCH_SIZE} is served; one more is refused`, async () => {
    const ok = await serve(batch("catalogue.get", MAX_TRPC_BATCH_SIZE, undefined));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(MAX_TRPC_BATCH_SIZE);
    const refused = await serve(batch("catalogue.get", MAX_TRPC_BATCH_SIZE + 1, undefined));
    expect(refused.status).toBe(400);
  });

  it("a 429 from the fair share carries Retry-After", async () => {
    let open = () => {};
    const held = new Promise<void>((resolve) => {
      open = resolve;
    });
    release.push(open);
    const holders = Array.from(
      { length: FAIR_SHARE_LIMITS.running + FAIR_SHARE_LIMITS.waiting },
      () => fairShare.run(`user:${viewer.id}`, () => held),
    );
    const query = encodeURIComponent(JSON.stringify(superjson.serialize({ filter })));
    const response = await serve(
      new Request(`http://localhost/api/trpc/dashboard.kpis?input=${query}`),
    );
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("5");
    open();
    await Promise.all(holders);
  });

  it("a body over the limit is refused with 413 before tRPC reads it", async () => {
    const huge = JSON.stringify({ 0: { json: { search: "x".repeat(MAX_TRPC_BODY_BYTES) } } });
    const response = await serve(
      new Request("http://localhost/api/trpc/views.list?batch=1", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: huge,
      }),
    );
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/over the limit of 1000000 bytes/);
  });

  it("a body under the limit still reaches the procedure", async () => {
    const response = await serve(
      new Request("http://localhost/api/trpc/views.setResolved", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(superjson.serialize({ id: 987654, resolved: true })),
      }),
    );
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorEnvelope).error.json.message).toBe(
      "no comment with id 987654",
    );
  });
});
