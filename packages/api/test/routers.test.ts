import {
  getCatalogue,
  getEmotionCurve,
  getFunnel,
  getOverviewKpis,
  getPersonaBreakdown,
  getTouchpointHeatmap,
} from "@parcours/db/queries";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DAY,
  date,
  insertEvents,
  openTestDatabase,
  seedTestCatalogue,
  TEST_TARGETS,
  type TestDatabase,
} from "../../db/test/helpers";
import { appRouter, createCaller } from "../src";

const filter = { from: date(0), to: date(10 * DAY) };
const steps = [
  { kind: "stage" as const, key: "discovery" },
  { kind: "stage" as const, key: "purchase" },
];

/**
 * One valid input per procedure. The walk below fails when the router gains a procedure that
 * is missing here, so nothing ships untested (the authorisation issue adds a role column).
 */
const SAMPLE_INPUTS: Record<string, unknown> = {
  "catalogue.get": undefined,
  "dashboard.kpis": { filter },
  "dashboard.funnel": { filter, steps },
  "dashboard.personas": { filter },
  "dashboard.heatmap": { filter },
  "dashboard.emotion": { filter },
  "funnels.build": { filter, steps, breakdown: "persona" },
  "funnels.overTime": { filter, steps, bucket: "week" },
};

type Caller = ReturnType<typeof createCaller>;

function procedureAt(caller: Caller, path: string): (input: unknown) => Promise<unknown> {
  let node: unknown = caller;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "function") throw new Error(`no procedure at ${path}`);
  return node as (input: unknown) => Promise<unknown>;
}

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

describe.each(TEST_TARGETS)("routers on %s", (target) => {
  let t: TestDatabase;
  let caller: Caller;

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
    ]);
    caller = createCaller({ db: t.db, headers: new Headers() });
  });
  afterAll(() => t.cleanup());

  it("every procedure of the router has a sample input here", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures).toEqual(Object.keys(SAMPLE_INPUTS).sort());
  });

  it.each(Object.entries(SAMPLE_INPUTS))("%s answers its sample input", async (path, input) => {
    await expect(procedureAt(caller, path)(input)).resolves.toBeDefined();
  });

  it("returns exactly what the queries return for the same input", async () => {
    expect(await caller.catalogue.get()).toEqual(await getCatalogue(t.db));
    expect(await caller.dashboard.kpis({ filter })).toEqual(
      await getOverviewKpis(t.db, { filter }),
    );
    expect(await caller.dashboard.funnel({ filter, steps })).toEqual(
      await getFunnel(t.db, { filter, steps }),
    );
    expect(await caller.dashboard.personas({ filter })).toEqual(
      await getPersonaBreakdown(t.db, { filter }),
    );
    expect(await caller.dashboard.heatmap({ filter })).toEqual(
      await getTouchpointHeatmap(t.db, { filter }),
    );
    expect(await caller.dashboard.emotion({ filter })).toEqual(
      await getEmotionCurve(t.db, { filter }),
    );
    const built = await caller.funnels.build({ filter, steps });
    expect(built.personas).toBeNull();
    expect(built.funnel.steps.map((s) => s.customers)).toEqual([2, 1]);
  });

  it.each([
    ["from after to", { filter: { from: date(DAY), to: date(0) } }, /from must be before to/],
    ["an unparsable date", { filter: { from: "yesterday", to: date(0) } }, /valid date/],
    [
      "an unknown persona",
      { filter: { ...filter, personas: ["ghost"] } },
      /unknown persona: ghost/,
    ],
    ["an unknown channel", { filter: { ...filter, channels: ["fax"] } }, /unknown channel: fax/],
  ])("kpis with %s is a BAD_REQUEST naming it", async (_name, input, message) => {
    const call = caller.dashboard.kpis(input as never);
    expect(await trpcCode(call)).toBe("BAD_REQUEST");
    await expect(caller.dashboard.kpis(input as never)).rejects.toThrow(message);
  });

  it.each([
    ["one step", { filter, steps: steps.slice(0, 1) }, /at least 2 steps/],
    ["eleven steps", { filter, steps: Array.from({ length: 11 }, () => steps[0]) }, /at most 10/],
    [
      "an unknown stage",
      { filter, steps: [...steps, { kind: "stage", key: "nirvana" }] },
      /unknown stage: nirvana/,
    ],
    ["a zero window", { filter, steps, windowSeconds: 0 }, /too_small|>0|greater than 0/i],
  ])("funnel with %s is a BAD_REQUEST naming it", async (_name, input, message) => {
    expect(await trpcCode(caller.dashboard.funnel(input as never))).toBe("BAD_REQUEST");
    await expect(caller.dashboard.funnel(input as never)).rejects.toThrow(message);
  });
});
