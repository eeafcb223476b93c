import { MAX_CUSTOMER_PAGE_SIZE } from "@parcours/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_DATA_FORBIDDEN_MESSAGE } from "../src/trpc";
import {
  type EngineFixture,
  FUNNEL_EVENTS,
  openEngineFixture,
  ROUTER_ENGINES,
} from "./engine-fixture";
import { failure, filter, steps } from "./procedures";

const dropped = {
  filter,
  source: { kind: "funnel" as const, steps, step: 1, outcome: "dropped" as const },
};

describe.each(ROUTER_ENGINES)("customers router on $name", (engine) => {
  let fx: EngineFixture;
  beforeAll(async () => {
    fx = await openEngineFixture(engine, FUNNEL_EVENTS);
  });
  afterAll(() => fx?.cleanup());

  it("a manager's lists match the funnel: entrants c1, c2, c3 (3), buyers c1, c3 (2), dropped c2 (1)", async () => {
    const manager = await fx.as(fx.users.manager);
    const funnel = await manager.dashboard.funnel({ filter, steps });
    const list = (step: number, outcome: "reached" | "dropped") =>
      manager.customers.list({
        filter,
        source: { kind: "funnel", steps, step, outcome },
        sort: { by: "externalId", dir: "asc" },
      });
    const [entrants, buyers, gone] = [
      await list(0, "reached"),
      await list(1, "reached"),
      await list(1, "dropped"),
    ];
    expect(entrants.rows.map((r) => r.externalId)).toEqual(["c1", "c2", "c3"]);
    expect(buyers.rows.map((r) => r.externalId)).toEqual(["c1", "c3"]);
    expect(gone.rows.map((r) => r.externalId)).toEqual(["c2"]);
    expect([entrants.total, buyers.total, gone.total]).toEqual([
      funnel.steps[0]?.customers,
      funnel.steps[1]?.customers,
      funnel.steps[1]?.dropOff,
    ]);
  });

  it("an admin's CSV export holds the whole list: 3 active customers, not truncated", async () => {
    const admin = await fx.as(fx.users.admin);
    const kpis = await admin.dashboard.kpis({ filter });
    const all = await admin.customers.export({ filter, source: { kind: "kpi", kpi: "customers" } });
    expect(all.total).toBe(kpis.current.activeCustomers);
    expect(all.rows.map((r) => r.externalId).sort()).toEqual(["c1", "c2", "c3"]);
    expect(all.truncated).toBe(false);
  });

  it("a viewer is refused lists, timelines and search until an admin allows it, then served; anonymous never", async () => {
    const viewer = await fx.as(fx.users.viewer);
    const admin = await fx.as(fx.users.admin);
    const manager = await fx.as(fx.users.manager);
    // A manager's identical query is in the metric cache: the viewer is still refused.
    await manager.customers.list(dropped);
    const refused = { code: "FORBIDDEN", message: CUSTOMER_DATA_FORBIDDEN_MESSAGE };
    expect(await failure(viewer.customers.list(dropped))).toEqual(refused);
    expect(await failure(viewer.customers.export(dropped))).toEqual(refused);
    expect(await failure(viewer.customers.timeline({ externalId: "c1" }))).toEqual(refused);
    expect(await failure(viewer.customers.search({ prefix: "c" }))).toEqual(refused);
    expect(await viewer.customers.access()).toEqual({ canSeeCustomers: false });
    expect(await manager.customers.access()).toEqual({ canSeeCustomers: true });
    expect((await failure(viewer.customers.setPrivacy({ viewersSeeCustomers: true }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await failure(manager.customers.setPrivacy({ viewersSeeCustomers: true }))).code).toBe(
      "FORBIDDEN",
    );

    await admin.customers.setPrivacy({ viewersSeeCustomers: true });
    try {
      expect(await admin.customers.privacy()).toEqual({ viewersSeeCustomers: true });
      expect(await viewer.customers.access()).toEqual({ canSeeCustomers: true });
      expect((await viewer.customers.list(dropped)).rows.map((r) => r.externalId)).toEqual(["c2"]);
      expect((await viewer.customers.timeline({ externalId: "c2" })).events).toHaveLength(1);
      expect(await viewer.customers.search({ prefix: "c" })).toEqual(["c1", "c2", "c3"]);
    } finally {
      await admin.customers.setPrivacy({ viewersSeeCustomers: false });
    }
    expect(await failure(viewer.customers.list(dropped))).toEqual(refused);

    const anonymous = await fx.as(null);
    expect((await failure(anonymous.customers.list(dropped))).code).toBe("UNAUTHORIZED");
    expect((await failure(anonymous.customers.timeline({ externalId: "c1" }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect((await failure(anonymous.customers.access())).code).toBe("UNAUTHORIZED");
  });

  it("a timeline: c1's ads then checkout, the stage change marked; an unknown id is a NOT_FOUND naming it", async () => {
    const manager = await fx.as(fx.users.manager);
    const timeline = await manager.customers.timeline({ externalId: "c1" });
    expect(timeline.events.map((e) => [e.touchpoint.key, e.stage.key, e.stageChange])).toEqual([
      ["ads", "discovery", true],
      ["checkout", "purchase", true],
    ]);
    expect(await failure(manager.customers.timeline({ externalId: "nobody" }))).toEqual({
      code: "NOT_FOUND",
      message: 'no customer has the id "nobody"',
    });
  });

  it.each([
    [
      "a step past the funnel's end",
      { source: { ...dropped.source, step: 2 } },
      /source\.step: step is 0-based and this funnel has 2 steps/,
    ],
    [
      "dropped at the first step",
      { source: { ...dropped.source, step: 0 } },
      /source\.outcome: nobody drops at the first step/,
    ],
    [
      "converted from the last step",
      { source: { ...dropped.source, outcome: "converted" } },
      /source\.outcome: the last step has no next step/,
    ],
    [
      "a page too large",
      { limit: MAX_CUSTOMER_PAGE_SIZE + 1 },
      new RegExp(`limit: .*${MAX_CUSTOMER_PAGE_SIZE}`),
    ],
    ["an unknown sort", { sort: { by: "age", dir: "asc" } }, /sort\.by/],
    [
      "an unknown heatmap stage",
      { source: { kind: "heatmap", touchpoint: "ads", stage: "nirvana" } },
      /unknown stage: nirvana/,
    ],
    [
      "an unknown persona",
      { source: { kind: "persona-stage", persona: "ghost", stage: "discovery" } },
      /unknown persona: ghost/,
    ],
  ])("a list with %s is a BAD_REQUEST naming it", async (_name, change, message) => {
    const manager = await fx.as(fx.users.manager);
    const result = await failure(manager.customers.list({ ...dropped, ...change } as never));
    expect(result).toEqual({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
  });
});
