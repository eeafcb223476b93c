import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EngineFixture,
  FUNNEL_EVENTS,
  openEngineFixture,
  ROUTER_ENGINES,
} from "./engine-fixture";
import { failure, filter, steps } from "./procedures";

const purchase = { conditions: [{ kind: "reachedStage" as const, stage: "purchase" }] };

describe.each(ROUTER_ENGINES)("cohorts router on $name", (engine) => {
  let fx: EngineFixture;
  beforeAll(async () => {
    fx = await openEngineFixture(engine, FUNNEL_EVENTS);
  });
  afterAll(() => fx?.cleanup());

  it("a manager saves the dropped list (c2) as a cohort; the funnel filtered by it has 1 entrant, the list's total", async () => {
    const manager = await fx.as(fx.users.manager);
    const source = { kind: "funnel" as const, steps, step: 1, outcome: "dropped" as const };
    const list = await manager.customers.list({ filter, source });
    const cohort = await manager.cohorts.createFromList({ name: "Dropped", filter, source });
    expect(cohort).toMatchObject({ kind: "static", members: 1, ownerId: fx.users.manager.id });
    const funnel = await manager.dashboard.funnel({
      filter: { ...filter, cohort: cohort.id },
      steps,
    });
    expect(funnel.steps[0]?.customers).toBe(list.total);
    expect(funnel.steps[1]?.customers).toBe(0);
  });

  it("a dynamic cohort from a rule: preview 2, the KPIs' active customers 2 (c1, c3); a viewer sees and uses it", async () => {
    const manager = await fx.as(fx.users.manager);
    expect(await manager.cohorts.preview({ rule: purchase, period: filter })).toEqual({
      customers: 2,
    });
    const cohort = await manager.cohorts.createFromRule({
      name: "Buyers",
      kind: "dynamic",
      rule: purchase,
    });
    const viewer = await fx.as(fx.users.viewer);
    const listed = (await viewer.cohorts.list()).find((c) => c.name === "Buyers");
    expect(listed).toMatchObject({
      kind: "dynamic",
      members: null,
      ownerId: fx.users.manager.id,
      ownerEmail: fx.users.manager.email,
    });
    const kpis = await viewer.dashboard.kpis({ filter: { ...filter, cohort: cohort.id } });
    expect(kpis.current.activeCustomers).toBe(2);
  });

  it("a viewer may not create, rename or delete; another manager may not delete; the admin may", async () => {
    const viewer = await fx.as(fx.users.viewer);
    expect(
      (await failure(viewer.cohorts.createFromRule({ name: "x", kind: "dynamic", rule: purchase })))
        .code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await failure(
          viewer.cohorts.createFromList({
            name: "x",
            filter,
            source: { kind: "kpi", kpi: "customers" },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const admin = await fx.as(fx.users.admin);
    const mine = await admin.cohorts.createFromRule({
      name: "Admin's",
      kind: "dynamic",
      rule: purchase,
    });
    expect((await failure(viewer.cohorts.delete({ id: mine.id }))).code).toBe("FORBIDDEN");
    const manager = await fx.as(fx.users.manager);
    const refused = await failure(manager.cohorts.rename({ id: mine.id, name: "Mine now" }));
    expect(refused).toEqual({
      code: "PRECONDITION_FAILED",
      message: `only the owner of cohort ${mine.id} or an admin can change it`,
    });
    expect((await admin.cohorts.rename({ id: mine.id, name: "Renamed" })).name).toBe("Renamed");
    // An answer cached under the cohort's id does not outlive the cohort.
    const byCohort = { filter: { ...filter, cohort: mine.id } };
    expect((await viewer.dashboard.kpis(byCohort)).current.activeCustomers).toBe(2);
    await admin.cohorts.delete({ id: mine.id });
    expect((await failure(viewer.dashboard.kpis(byCohort))).code).toBe("NOT_FOUND");
    expect(await failure(admin.cohorts.get({ id: mine.id }))).toEqual({
      code: "NOT_FOUND",
      message: `unknown cohort: ${mine.id}`,
    });
  });

  it("an unknown cohort in a filter is a 404 naming it; a static rule cohort without a period a 400", async () => {
    const viewer = await fx.as(fx.users.viewer);
    expect(await failure(viewer.dashboard.kpis({ filter: { ...filter, cohort: 4242 } }))).toEqual({
      code: "NOT_FOUND",
      message: "unknown cohort: 4242",
    });
    const manager = await fx.as(fx.users.manager);
    const noPeriod = await failure(
      manager.cohorts.createFromRule({ name: "x", kind: "static", rule: purchase }),
    );
    expect(noPeriod.code).toBe("BAD_REQUEST");
    const unknownStage = await failure(
      manager.cohorts.createFromRule({
        name: "x",
        kind: "dynamic",
        rule: { conditions: [{ kind: "reachedStage", stage: "nowhere" }] },
      }),
    );
    expect(unknownStage).toEqual({ code: "BAD_REQUEST", message: "unknown stage: nowhere" });
  });
});
