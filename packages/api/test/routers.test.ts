import type { Role } from "@parcours/auth";
import {
  getDesignedVsObserved,
  getDrivers,
  getEmotionCurve,
  getFunnel,
  getFunnelByPersona,
  getFunnelOverTime,
  getFunnelTimes,
  getObservedPaths,
  getOverviewKpis,
  getPathComparison,
  getPersonaBreakdown,
  getTouchpointHeatmap,
} from "@parcours/db/metrics";
import { getCatalogue, type UserRow } from "@parcours/db/queries";
import {
  DAY,
  date,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "@parcours/db/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createTRPCContext } from "../src";
import {
  type Caller,
  callerAs,
  createTestUsers,
  failure,
  filter,
  PROCEDURES,
  procedureAt,
  steps,
} from "./procedures";

/**
 * The procedures whose input carries an analytics filter, open to viewers (the callers below);
 * the customer lists, for managers, check theirs in test/customers.test.ts.
 */
const FILTERED = Object.entries(PROCEDURES).filter(
  (entry): entry is [string, { access: Role; input: Record<string, unknown> }] =>
    entry[1].access === "viewer" &&
    typeof entry[1].input === "object" &&
    entry[1].input !== null &&
    "filter" in entry[1].input,
);

describe.each(TEST_TARGETS)("routers on %s", (target) => {
  let t: TestDatabase;
  let caller: Caller;
  let viewer: UserRow;

  beforeAll(async () => {
    t = await openTestDatabase(target);
    await seedTestCatalogue(t.db);
    await insertEvents(t.db, [
      { id: "r1", customer: "c1", touchpoint: "ads", t: 0, satisfaction: 4 },
      {
        id: "r2",
        customer: "c1",
        touchpoint: "checkout",
        t: DAY,
        type: "purchase",
        revenue: "20.00",
      },
      { id: "r3", customer: "c2", touchpoint: "ads", t: 2 * DAY, satisfaction: 2 },
      { id: "r4", customer: "c3", touchpoint: "ads", t: 8 * DAY },
      { id: "r5", customer: "c3", touchpoint: "till", t: 9 * DAY, type: "purchase" },
    ]);
    const users = await createTestUsers(t.db);
    caller = await callerAs(t.db, users.viewer);
    viewer = users.viewer;
  });
  afterAll(() => t.cleanup());

  // Saved views, their actions and reviews, and a cohort need one to exist first:
  // test/views.test.ts, actions.test.ts, reviews.test.ts and cohorts.test.ts cover them.
  const needsARow = (path: string) =>
    path.startsWith("views.") ||
    [
      "actions.list",
      "actions.metrics",
      "actions.update",
      "cohorts.get",
      "reviews.schedule.get",
      "reviews.subscription.mine",
      "reviews.subscription.subscribe",
      "reviews.subscription.unsubscribe",
      "reviews.list",
      "reviews.get",
      "reviews.markRead",
    ].includes(path);
  it.each(
    Object.entries(PROCEDURES).filter(([path, p]) => p.access === "viewer" && !needsARow(path)),
  )("%s answers its sample input", async (path, { input }) => {
    await expect(procedureAt(caller, path)(input)).resolves.toBeDefined();
  });

  it("returns exactly what the queries return for the same input", async () => {
    const window = { filter, steps, windowSeconds: 2 * DAY };
    expect(await caller.catalogue.get()).toEqual(await getCatalogue(t.db));
    expect(await caller.dashboard.kpis({ filter })).toEqual(
      await getOverviewKpis(t.db, { filter }),
    );
    expect(await caller.dashboard.funnel({ filter, steps })).toEqual(
      await getFunnel(t.db, { filter, steps }),
    );
    expect(await caller.dashboard.funnel(window)).toEqual(await getFunnel(t.db, window));
    expect(await caller.dashboard.personas({ filter })).toEqual(
      await getPersonaBreakdown(t.db, { filter }),
    );
    expect(await caller.dashboard.heatmap({ filter })).toEqual(
      await getTouchpointHeatmap(t.db, { filter }),
    );
    expect(await caller.dashboard.heatmap({ filter, windowSeconds: DAY })).toEqual(
      await getTouchpointHeatmap(t.db, { filter, windowSeconds: DAY }),
    );
    expect(await caller.dashboard.emotion({ filter })).toEqual(
      await getEmotionCurve(t.db, { filter }),
    );
    expect(await caller.funnels.build({ filter, steps })).toEqual({
      funnel: await getFunnel(t.db, { filter, steps }),
      personas: null,
    });
    expect(await caller.funnels.build({ ...window, breakdown: "persona" })).toEqual({
      funnel: await getFunnel(t.db, window),
      personas: (await getFunnelByPersona(t.db, window)).personas,
    });
    expect(await caller.funnels.times(window)).toEqual(await getFunnelTimes(t.db, window));
    expect(await caller.funnels.overTime({ ...window, bucket: "day" })).toEqual(
      await getFunnelOverTime(t.db, { ...window, bucket: "day" }),
    );
  });

  it("funnels.times puts c1 and c3 (each buys 1 day after the ads) in hour 24 of W = 2 days, hours 24 to 25", async () => {
    const times = await caller.funnels.times({ filter, steps, windowSeconds: 2 * DAY });
    expect(times.unit).toBe("hour");
    const [purchase] = times.steps;
    expect(purchase?.customers).toBe(2);
    expect(purchase?.bins).toHaveLength(48);
    expect(purchase?.bins.flatMap((b) => (b.customers > 0 ? [b] : []))).toEqual([
      { fromSeconds: DAY, toSeconds: DAY + 3600, customers: 2 },
    ]);
  });

  it("paths.observed answers what the query does: from discovery, c1 and c3 go on to purchase, c2 stops", async () => {
    const start = { kind: "stage", key: "discovery" } as const;
    const input = { filter, start, steps: 2, windowSeconds: 2 * DAY };
    const paths = await caller.paths.observed(input);
    expect(paths).toEqual(await getObservedPaths(t.db, { ...input, level: "stage" }));
    expect(paths.entrants).toBe(3);
    expect(paths.paths.map((p) => [p.steps, p.customers])).toEqual([
      [["purchase"], 2], // c1 and c3, each a day after the ads
      [[], 1], // c2: nothing after the ads within 2 days
    ]);
  });

  it("paths.compare answers what the query does: c1 and c3 (path purchase) both convert a day after the ads, c2 (no further step) does not; c1 rated 4, c2 rated 2", async () => {
    const input = {
      filter,
      start: { kind: "stage", key: "discovery" },
      steps: 2,
      windowSeconds: 2 * DAY,
      groups: [
        { kind: "path", steps: ["purchase"] },
        { kind: "path", steps: [] },
      ],
    } as const satisfies Parameters<Caller["paths"]["compare"]>[0];
    const compared = await caller.paths.compare(input);
    const groups = [
      { kind: "path", steps: ["purchase"] },
      { kind: "path", steps: [] },
    ] satisfies Parameters<typeof getPathComparison>[1]["groups"];
    expect(compared).toEqual(await getPathComparison(t.db, { ...input, level: "stage", groups }));
    expect(
      compared.groups.map((g) => [g.customers, g.conversion, g.medianSecondsToConversion]),
    ).toEqual([
      [2, 1, DAY],
      [1, 0, null],
    ]);
    expect(compared.groups.map((g) => g.satisfaction.mean)).toEqual([4, 2]);
    expect(compared.difference.conversion).toBe(-1);
  });

  it("paths.compare: an unknown persona is a BAD_REQUEST naming it, and so is a path longer than the steps followed", async () => {
    const start = { kind: "stage", key: "discovery" } as const;
    expect(
      await failure(
        caller.paths.compare({
          filter,
          start,
          groups: [
            { kind: "persona", persona: "young" },
            { kind: "persona", persona: "nobody" },
          ],
        }),
      ),
    ).toEqual({ code: "BAD_REQUEST", message: expect.stringMatching(/nobody/) });
    expect(
      await failure(
        caller.paths.compare({
          filter,
          start,
          steps: 1,
          groups: [
            { kind: "path", steps: ["consideration", "purchase"] },
            { kind: "path", steps: [] },
          ],
        }),
      ),
    ).toEqual({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/groups.*steps|more than the 1/),
    });
  });

  it("paths.designed answers what the query does: c1 skips from discovery to purchase, c2 stays, c3 skips", async () => {
    const input = { filter, windowSeconds: 2 * DAY };
    const designed = await caller.paths.designed(input);
    expect(designed).toEqual(await getDesignedVsObserved(t.db, input));
    expect([designed.customers, designed.following.customers, designed.skipping.customers]).toEqual(
      [3, 1, 2],
    );
  });

  it("drivers.touchpoints answers what the query does: discovery's ads reached by c1, c2, c3 with nobody without them, 2 of 3 converted", async () => {
    const drivers = await caller.drivers.touchpoints({ filter });
    expect(drivers).toEqual(await getDrivers(t.db, { filter }));
    const ads = drivers.touchpoints.find((d) => d.touchpoint === "ads");
    expect(ads?.with).toMatchObject({ customers: 3, converted: 2 });
    expect(ads?.without.customers).toBe(0);
    expect(ads?.conversion?.verdict).toBe("too_few");
  });

  it("paths.designed with a zero window is a BAD_REQUEST naming it", async () => {
    const result = await failure(caller.paths.designed({ filter, windowSeconds: 0 }));
    expect(result).toEqual({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/windowSeconds/),
    });
  });

  it.each([
    ["six steps", { steps: 6 }, /steps: paths follow at most 5 steps/],
    ["no step", { steps: 0 }, /steps: paths follow at least 1 step/],
    [
      "an unknown start stage",
      { start: { kind: "stage", key: "nirvana" } },
      /unknown stage: nirvana/,
    ],
    [
      "an unknown start touchpoint",
      { start: { kind: "touchpoint", key: "pigeon" } },
      /unknown touchpoint: pigeon/,
    ],
    ["an unknown level", { level: "channel" }, /level/],
    ["a zero window", { windowSeconds: 0 }, /windowSeconds/],
  ])("paths.observed with %s is a BAD_REQUEST naming it", async (_name, change, message) => {
    const entry = PROCEDURES["paths.observed"];
    if (!entry) throw new Error("no sample for paths.observed");
    const result = await failure(
      procedureAt(caller, "paths.observed")({ ...(entry.input as object), ...change }),
    );
    expect(result).toEqual({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
  });

  it("funnels.build counts 3 entrants and 2 buyers (c1 in 1 day, c3 in 1 day; c2 never buys)", async () => {
    const built = await caller.funnels.build({ filter, steps });
    expect(built.funnel.steps.map((s) => s.customers)).toEqual([3, 2]);
  });

  it.each([
    ["from after to", { ...filter, from: date(DAY), to: date(0) }, /from must be before to/],
    ["from equal to to", { ...filter, to: filter.from }, /from must be before to/],
    ["an unparsable from", { ...filter, from: "yesterday" }, /filter\.from: must be a valid date/],
    ["an unparsable to", { ...filter, to: "2021-13-45" }, /filter\.to: must be a valid date/],
    ["an unknown persona", { ...filter, personas: ["ghost"] }, /unknown persona: ghost/],
    ["an unknown channel", { ...filter, channels: ["fax"] }, /unknown channel: fax/],
    ["an unknown touchpoint", { ...filter, touchpoints: ["pigeon"] }, /unknown touchpoint: pigeon/],
  ])(
    "a filter with %s is a BAD_REQUEST naming it, on every procedure",
    async (_name, bad, message) => {
      for (const [path, { input }] of FILTERED) {
        const result = await failure(procedureAt(caller, path)({ ...input, filter: bad }));
        expect({ path, ...result }).toEqual({
          path,
          code: "BAD_REQUEST",
          message: expect.stringMatching(message),
        });
      }
    },
  );

  const FUNNEL_PATHS = ["dashboard.funnel", "funnels.build", "funnels.overTime"];

  it.each([
    ["one step", { steps: steps.slice(0, 1) }, /steps: a funnel needs at least 2 steps/],
    ["eleven steps", { steps: Array.from({ length: 11 }, () => steps[0]) }, /at most 10 steps/],
    [
      "an unknown stage",
      { steps: [...steps, { kind: "stage", key: "nirvana" }] },
      /unknown stage: nirvana/,
    ],
    [
      "an unknown touchpoint step",
      { steps: [...steps, { kind: "touchpoint", key: "pigeon" }] },
      /unknown touchpoint: pigeon/,
    ],
    ["a step of unknown kind", { steps: [...steps, { kind: "mood", key: "x" }] }, /steps\.2\.kind/],
    ["a zero window", { windowSeconds: 0 }, /windowSeconds: .*>0/],
    ["a fractional window", { windowSeconds: 1.5 }, /windowSeconds: .*expected int/],
  ])("a funnel with %s is a BAD_REQUEST naming it", async (_name, change, message) => {
    for (const path of FUNNEL_PATHS) {
      const entry = PROCEDURES[path];
      if (!entry) throw new Error(`no sample for ${path}`);
      const input = { ...(entry.input as object), ...change };
      const result = await failure(procedureAt(caller, path)(input));
      expect({ path, ...result }).toEqual({
        path,
        code: "BAD_REQUEST",
        message: expect.stringMatching(message),
      });
    }
  });

  it.each([
    ["funnels.build", { breakdown: "channel" }, /breakdown/],
    ["funnels.overTime", { bucket: "month" }, /bucket/],
    ["dashboard.heatmap", { windowSeconds: -1 }, /windowSeconds/],
  ])("%s rejects %o as a BAD_REQUEST", async (path, change, message) => {
    const entry = PROCEDURES[path];
    if (!entry) throw new Error(`no sample for ${path}`);
    const result = await failure(
      procedureAt(caller, path)({ ...(entry.input as object), ...change }),
    );
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(message);
  });

  describe("over HTTP (fetch adapter)", () => {
    function request(path: string, input: unknown): Promise<Response> {
      const query = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
      return fetchRequestHandler({
        endpoint: "/api/trpc",
        router: appRouter,
        req: new Request(`http://localhost/api/trpc/${path}?input=${query}`),
        createContext: ({ req }) =>
          createTRPCContext({ headers: req.headers, db: t.db, user: viewer }),
      });
    }

    it("carries Dates through superjson", async () => {
      const input = { filter, steps, bucket: "week" as const };
      const response = await request("funnels.overTime", input);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        result: { data: Parameters<typeof superjson.deserialize>[0] };
      };
      const data = superjson.deserialize(body.result.data);
      expect(data).toEqual(await getFunnelOverTime(t.db, input));
    });

    it("answers bad input with 400 and the zod errors field by field", async () => {
      const response = await request("dashboard.funnel", { filter, steps: steps.slice(0, 1) });
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        error: Parameters<typeof superjson.deserialize>[0];
      };
      expect(superjson.deserialize(body.error)).toMatchObject({
        message: "steps: a funnel needs at least 2 steps",
        data: {
          code: "BAD_REQUEST",
          zodError: { fieldErrors: { steps: ["a funnel needs at least 2 steps"] } },
        },
      });
    });

    it("answers an unknown key with 400 and no zod errors", async () => {
      const response = await request("dashboard.kpis", {
        filter: { ...filter, personas: ["ghost"] },
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        error: Parameters<typeof superjson.deserialize>[0];
      };
      expect(superjson.deserialize(body.error)).toMatchObject({
        message: "unknown persona: ghost",
        data: { code: "BAD_REQUEST", zodError: null },
      });
    });
  });
});
