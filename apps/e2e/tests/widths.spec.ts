import { expect, type Locator, type Page } from "@playwright/test";
import { apiAs } from "./helpers/api";
import { test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";

// Issue 20, item 11: at 768 px the heatmap's last column, the journey map's last stages and
// Admin → Users' "Reset password" were cut off with nothing to say so. A table either fits, or
// says it scrolls sideways, with its row headers kept in view while it does.

const journeys = areaMessages<typeof import("../../web/messages/en/journeys.json")>("journeys");

async function fitsOrSaysSo(table: Locator, t: { chart: { scrollHint: string } }) {
  const box = table.locator("xpath=..");
  const { scroll, client } = await box.evaluate((el) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
  }));
  if (scroll <= client + 1) return false;
  const area = box.locator("xpath=..");
  await expect(area.getByTestId("scroll-hint")).toContainText(t.chart.scrollHint);
  await expect(area.getByRole("region", { name: t.chart.scrollHint })).toBeVisible();
  // Row headers stay put while the columns scroll under them.
  const rowHeader = table.locator("tbody th[scope=row]").first();
  expect(await rowHeader.evaluate((el) => getComputedStyle(el).position)).toBe("sticky");
  // Scrolled to the end, the last column is inside the box and the row header still is.
  const edges = await box.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
    const boxRect = el.getBoundingClientRect();
    const last = el.querySelector("thead th:last-child")?.getBoundingClientRect();
    const header = el.querySelector("tbody th[scope=row]")?.getBoundingClientRect();
    return {
      lastInside:
        last !== undefined && last.right <= boxRect.right + 1 && last.left >= boxRect.left,
      headerInside: header !== undefined && header.left >= boxRect.left - 1,
    };
  });
  expect(edges).toEqual({ lastInside: true, headerInside: true });
  return true;
}

async function shot(page: Page, name: string) {
  if (process.env.UX_SHOTS) {
    await page.screenshot({ path: `${process.env.UX_SHOTS}/${name}-768.png`, fullPage: true });
  }
}

test.describe("at 768 px", () => {
  test.use({ viewport: { width: 768, height: 1000 } });

  test("[WIDTHS]: the overview's heatmap fits or says it scrolls, keeping touchpoints in view", async ({
    page,
    t,
  }) => {
    await page.goto("/");
    const table = page.getByRole("table", { name: t.heatmap.caption });
    await expect(table).toBeVisible();
    expect(await fitsOrSaysSo(table, t)).toBe(true);
    await shot(page, "overview-heatmap");
  });

  test("[WIDTHS]: the journey map fits or says it scrolls, keeping touchpoints in view", async ({
    page,
    t,
  }) => {
    const view = await apiAs("manager").views.create.mutate({
      name: `Widths ${Date.now()}`,
      visibility: "team",
      period: { kind: "relative", days: 90 },
    });
    await page.goto(`/journeys/${view.id}`);
    const table = page.getByRole("table", { name: journeys.map.legend });
    await expect(table).toBeVisible();
    expect(await fitsOrSaysSo(table, t)).toBe(true);
    await shot(page, "journey-map");
  });

  test.describe("as an admin", () => {
    test.use({ role: "admin" });
    test("[WIDTHS]: Admin → Users keeps every action reachable, or says it scrolls", async ({
      page,
      t,
    }) => {
      await page.goto("/admin/users");
      const table = page.getByRole("table");
      await expect(table).toBeVisible();
      const scrolls = await fitsOrSaysSo(table, t);
      if (!scrolls) {
        const reset = table.getByRole("button", { name: /reset|password/i }).first();
        await expect(reset).toBeInViewport();
      }
      await shot(page, "admin-users");
    });
  });
});

test.describe("at 768 px in French", () => {
  test.use({ viewport: { width: 768, height: 1000 }, appLocale: "fr" });
  test("[WIDTHS]: the scroll hint is in French", async ({ page, t }) => {
    await page.goto("/");
    const table = page.getByRole("table", { name: t.heatmap.caption });
    await expect(table).toBeVisible();
    expect(await fitsOrSaysSo(table, t)).toBe(true);
    await shot(page, "overview-heatmap-fr");
  });

  test.describe("as an admin", () => {
    test.use({ role: "admin" });
    test("[WIDTHS]: the navigation wraps instead of widening the page", async ({ page }) => {
      // Eight links and the admin's in French need about 1,300 px on one row.
      for (const path of ["/", "/drivers", "/retention", "/cohorts"]) {
        await page.goto(path);
        await expect(page.getByRole("navigation").first()).toBeVisible();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, path).toBeLessThanOrEqual(768);
      }
    });
  });
});
