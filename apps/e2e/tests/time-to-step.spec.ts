import { api } from "./helpers/api";
import { apiFilter, stageSteps, stepName } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

// Issue 19 item 4: time to each step as a distribution on /funnels.

type TMetricsMessages = typeof import("../../web/messages/en/metrics.json");
const tm = areaMessages<TMetricsMessages>("metrics");

test("[FUNNELS]: time to each step: a histogram per step after the first, holding the API's bins", async ({
  page,
  f,
}) => {
  test.setTimeout(180_000);
  const filter = await apiFilter({ period: "30d" });
  const steps = await stageSteps();
  const times = await api.funnels.times.query({ filter, steps, windowSeconds: 30 * 86_400 });
  const funnel = await api.dashboard.funnel.query({ filter, steps });
  // Every step's histogram totals the funnel's count for it.
  expect(times.steps.map((s) => s.customers)).toEqual(
    funnel.steps.slice(1).map((s) => s.customers),
  );
  expect(times.unit).toBe("day");

  await page.goto("/funnels?period=30d");
  const section = page.getByTestId("time-to-step");
  await expect(section.locator("figure")).toHaveCount(steps.length - 1, { timeout: 45_000 });
  const second = times.steps[0];
  if (!second) throw new Error("no second step");
  const figure = page.getByTestId("time-to-step-1");
  const name = await stepName(second.step);
  await expect(figure.locator("figcaption")).toHaveText(
    `${name}: ${f.integer(second.customers)} customers`,
  );
  // One bar per bin, each read out with its range and customers.
  const bars = figure.getByRole("list", { name: tm.timeToStep.bars.replace("{step}", name) });
  await expect(bars.getByRole("listitem")).toHaveCount(second.bins.length);
  const first = second.bins[0];
  if (!first) throw new Error("no bin");
  await expect(bars.getByRole("listitem").first()).toHaveText(
    `0–1 d: ${first.customers === 1 ? "1 customer" : `${f.integer(first.customers)} customers`}`,
  );
  await page.screenshot({ path: "test-results/time-to-step-1440.png", fullPage: true });
});

test.describe("in French at 768 px", () => {
  test.use({ appLocale: "fr", viewport: { width: 768, height: 1000 } });
  test("[FUNNELS]: time to each step reads in French", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto("/funnels?period=30d");
    await expect(page.getByTestId("time-to-step-1")).toBeVisible({ timeout: 45_000 });
    await expect(page.getByRole("heading", { name: "Temps jusqu’à chaque palier" })).toBeVisible();
    await page.getByTestId("time-to-step").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/time-to-step-768-fr.png", fullPage: true });
  });
});
