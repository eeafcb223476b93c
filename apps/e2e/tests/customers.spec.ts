import { api } from "./helpers/api";
import { apiFilter, stageSteps, stepName } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { chart } from "./helpers/page";

type TCustomersMessages = typeof import("../../web/messages/en/customers.json");
const tc = areaMessages<TCustomersMessages>("customers");

/** ICU's plural text for a count, the English way the messages write it. */
function customersText(count: number, f: { integer: (n: number) => string }): string {
  return count === 0 ? "no customer" : count === 1 ? "1 customer" : `${f.integer(count)} customers`;
}

test.describe("customers", () => {
  test("[CUSTOMERS]: the overview funnel's drop-off opens the list of exactly those customers, and one opens their timeline", async ({
    page,
    t,
    f,
  }) => {
    // Four pages and their queries on a loaded machine.
    test.setTimeout(180_000);
    const filter = await apiFilter({ period: "30d" });
    const steps = await stageSteps();
    const funnel = await api.dashboard.funnel.query({ filter, steps });
    // The first step with a drop-off: a list to open.
    const index = funnel.steps.findIndex((s, i) => i > 0 && s.dropOff > 0);
    expect(index).toBeGreaterThan(0);
    const step = funnel.steps[index];
    const previousStep = steps[index - 1];
    const thisStep = steps[index];
    if (!step || !previousStep || !thisStep) throw new Error("no step with a drop-off");
    const [previous, current] = [await stepName(previousStep), await stepName(thisStep)];
    const expected = await api.customers.list.query({
      filter,
      source: { kind: "funnel", steps, step: index, outcome: "dropped" },
      sort: { by: "lastSeen", dir: "desc" },
      limit: 50,
    });
    expect(expected.total).toBe(step.dropOff);

    await page.goto("/?period=30d");
    const funnelCard = chart(page, t.funnel.title);
    const drill = funnelCard.getByRole("navigation", { name: tc.drill.links });
    // The links wait for the funnel and for the access check (a lazy chart chunk before them).
    await expect(drill).toBeVisible({ timeout: 45_000 });
    await expect(
      drill.getByRole("link", {
        name: tc.drill.openStep.replace("{step}", current),
        exact: true,
      }),
    ).toHaveText(customersText(step.customers, f));
    await drill
      .getByRole("link", {
        name: tc.drill.openDropped.replace("{previous}", previous).replace("{step}", current),
        exact: true,
      })
      .click();

    await expect(page).toHaveURL(/\/customers\?.*drill=/);
    await expect(page.getByRole("heading", { level: 1, name: tc.title })).toBeVisible();
    const list = page.getByTestId("customer-list");
    await expect(list).toBeVisible();
    // The list's length is the funnel's drop-off, and its first page the API's.
    await expect(page.getByTestId("customer-list-range")).toHaveText(
      `Customers 1–${f.integer(Math.min(50, step.dropOff))} of ${f.integer(step.dropOff)}`,
    );
    const ids = await list.locator("tbody th[scope=row]").allInnerTexts();
    expect(ids).toEqual(expected.rows.map((r) => r.externalId));

    // Sorting by customer id reorders the page as the API does.
    await list
      .getByRole("button", {
        name: tc.drill.sortBy.replace("{column}", tc.drill.columns.externalId),
      })
      .click();
    const sorted = await api.customers.list.query({
      filter,
      source: { kind: "funnel", steps, step: index, outcome: "dropped" },
      sort: { by: "externalId", dir: "asc" },
      limit: 50,
    });
    await expect(list.locator("tbody th[scope=row]").first()).toHaveText(
      sorted.rows[0]?.externalId ?? "",
    );
    await expect(
      list.getByRole("columnheader", { name: tc.drill.columns.externalId }),
    ).toHaveAttribute("aria-sort", "ascending");

    // The first customer's timeline: every event, in time order.
    const first = sorted.rows[0]?.externalId ?? "";
    await list.getByRole("link", { name: first, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/${encodeURIComponent(first)}$`));
    await expect(
      page.getByRole("heading", { level: 1, name: tc.timeline.title.replace("{id}", first) }),
    ).toBeVisible();
    const timeline = await api.customers.timeline.query({ externalId: first });
    const events = page.getByTestId("timeline-events");
    await expect(events.locator("tbody tr")).toHaveCount(timeline.events.length);
    await expect(events.locator("tbody tr[data-stage-change=true]")).toHaveCount(
      timeline.events.filter((e) => e.stageChange).length,
    );
    const strip = page.getByTestId("stage-strip");
    await expect(strip.locator("li")).toHaveCount(timeline.stages.length);
    await expect(strip.locator("li[data-reached=true]")).toHaveCount(
      timeline.stages.filter((s) => s.firstAt !== null).length,
    );
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.screenshot({ path: "test-results/customer-timeline-1440.png", fullPage: true });

    // An unknown id is a real 404.
    const missing = await page.goto("/customers/no-such-customer-here");
    expect(missing?.status()).toBe(404);
    await expect(page.getByText(tc.timeline.notFound)).toBeVisible();
  });
});
