import type { Page } from "@playwright/test";
import { api, apiAs } from "./helpers/api";
import { addSession } from "./helpers/auth";
import { apiFilter, catalogue } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { kpiValue } from "./helpers/page";

// Issue 19 item 1: every count opens its customers, and the list holds exactly that many.

type TCustomersMessages = typeof import("../../web/messages/en/customers.json");
const tc = areaMessages<TCustomersMessages>("customers");

/** The opened list's range line: its total is the list's length. */
async function expectListOf(page: Page, total: number, f: { integer: (n: number) => string }) {
  await expect(page).toHaveURL(/\/customers\?.*drill=/);
  await expect(page.getByTestId("customer-list-range")).toHaveText(
    `Customers 1–${f.integer(Math.min(50, total))} of ${f.integer(total)}`,
  );
  await expect(page.getByTestId("customer-list").locator("tbody tr")).toHaveCount(
    Math.min(50, total),
  );
}

test.describe("drill-down links", () => {
  test("[DRILL]: the active-customers and converters KPIs open lists as long as their figures", async ({
    page,
    t,
    f,
  }) => {
    test.setTimeout(240_000);
    const filter = await apiFilter({ period: "30d" });
    const { current } = await api.dashboard.kpis.query({ filter });
    expect(current.activeCustomers).toBeGreaterThan(0);
    expect(current.convertedCustomers).toBeGreaterThan(0);
    for (const [kpi, count] of [
      ["customers", current.activeCustomers],
      ["converters", current.convertedCustomers],
    ] as const) {
      const list = await api.customers.list.query({
        filter,
        source: { kind: "kpi", kpi },
        limit: 1,
      });
      expect(list.total).toBe(count);
    }

    await page.goto("/?period=30d");
    await expect(kpiValue(page, t.kpis.activeCustomers)).toHaveText(
      f.integer(current.activeCustomers),
    );
    const customersLink = page.getByTestId("kpi-customers-link");
    // The links wait for the access check, batched with the page's other queries (as the
    // funnel's in customers.spec).
    await expect(customersLink).toBeVisible({ timeout: 45_000 });
    await expect(customersLink).toHaveText(
      `See the ${f.integer(current.activeCustomers)} customers`,
    );
    await customersLink.click();
    await expectListOf(page, current.activeCustomers, f);
    await expect(page.getByText(tc.drill.sources.customers).first()).toBeVisible();

    await page.goto("/?period=30d");
    const convertersLink = page.getByTestId("kpi-converters-link");
    await expect(convertersLink).toBeVisible({ timeout: 45_000 });
    await expect(convertersLink).toHaveText(
      `${f.integer(current.convertedCustomers)} of ${f.integer(current.activeCustomers)} active customers converted`,
    );
    await convertersLink.click();
    await expectListOf(page, current.convertedCustomers, f);
  });

  test("[DRILL]: a persona's stage figure on its page and in the overview's breakdown opens its customers", async ({
    page,
    f,
  }) => {
    test.setTimeout(240_000);
    const cat = await catalogue();
    const persona = cat.personas[0];
    if (!persona) throw new Error("the demo has no persona");
    const filter = await apiFilter({ period: "30d" }, { persona: persona.key });
    const breakdown = await api.dashboard.personas.query({ filter });
    const row = breakdown.personas.find((p) => p.persona === persona.key);
    if (!row) throw new Error(`no breakdown row for ${persona.key}`);
    // The stage with the most of this persona's customers: more than one page of them.
    const [stage, reach] = Object.entries(row.reach).sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    expect(reach).toBeGreaterThan(0);
    const stageName = cat.stages.find((s) => s.key === stage)?.name ?? stage;
    const list = await api.customers.list.query({
      filter,
      source: { kind: "persona-stage", persona: persona.key, stage },
      limit: 1,
    });
    expect(list.total).toBe(reach);

    await page.goto(`/personas/${persona.key}?period=30d`);
    const cell = page
      .getByTestId("persona-stage-reach")
      .getByTestId(`reach-${persona.key}-${stage}`);
    const link = cell.getByRole("link", {
      name: `${persona.name}: ${f.integer(reach)} customers with an event in ${stageName}`,
      exact: true,
    });
    await expect(link).toHaveText(f.integer(reach), { timeout: 45_000 });
    await link.click();
    await expectListOf(page, reach, f);
    await expect(
      page.getByText(`${persona.name} customers with an event in ${stageName}`).first(),
    ).toBeVisible();

    // The overview's breakdown shows the same figure for the whole period, unfiltered by persona.
    const all = await api.dashboard.personas.query({ filter: await apiFilter({ period: "30d" }) });
    const overviewReach = all.personas.find((p) => p.persona === persona.key)?.reach[stage] ?? 0;
    await page.goto("/?period=30d");
    const overviewCell = page
      .getByTestId("persona-stage-reach")
      .getByTestId(`reach-${persona.key}-${stage}`);
    await expect(overviewCell).toHaveText(f.integer(overviewReach), { timeout: 45_000 });
    await expect(overviewCell.getByRole("link")).toBeVisible({ timeout: 45_000 });
    await overviewCell.getByRole("link").click();
    await expectListOf(page, overviewReach, f);
  });

  test("[DRILL]: a journey map's pain point opens the cell's customers; a viewer without the privacy switch gets no link", async ({
    page,
    browser,
    f,
  }) => {
    test.setTimeout(180_000);
    const manager = apiAs("manager");
    const view = await manager.views.create.mutate({
      name: `Drill ${Date.now()}`,
      visibility: "team",
      period: { kind: "relative", days: 90 },
    });
    const journey = await manager.views.journey.query({ id: view.id, compare: false });
    const pain = journey.map.painPoints[0];
    if (!pain) throw new Error("the demo's map has no pain point");
    const cell = journey.map.rows
      .flatMap((r) => r.cells)
      .find((c) => c.touchpoint === pain.touchpoint && c.stage === pain.stage);
    if (!cell) throw new Error("no cell for the pain point");
    const list = await manager.customers.list.query({
      filter: { from: journey.map.from, to: journey.map.to },
      source: { kind: "heatmap", touchpoint: pain.touchpoint, stage: pain.stage },
      limit: 1,
    });
    expect(list.total).toBe(cell.customers);

    await page.goto(`/journeys/${view.id}`);
    const testId = `customers-${pain.touchpoint}-${pain.stage}`;
    // The cell has the link too.
    await expect(
      page.getByTestId(`cell-${pain.touchpoint}-${pain.stage}`).getByTestId(testId),
    ).toBeVisible();
    await page.getByTestId("pain-points").getByTestId(testId).first().click();
    await expectListOf(page, cell.customers, f);

    // Viewers see the figures only; the links come with the admin's privacy switch.
    const viewerAccess = await apiAs("viewer").customers.access.query();
    const viewerContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await addSession(viewerContext, "viewer");
    const viewerPage = await viewerContext.newPage();
    await viewerPage.goto(`/journeys/${view.id}`);
    await expect(viewerPage.getByTestId(`cell-${pain.touchpoint}-${pain.stage}`)).toBeVisible();
    await expect(viewerPage.locator(`[data-testid="${testId}"]`)).toHaveCount(
      viewerAccess.canSeeCustomers ? 2 : 0,
    );
    await viewerContext.close();
  });
});
