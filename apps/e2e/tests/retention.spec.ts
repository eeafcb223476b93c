import { api } from "./helpers/api";
import { readCsvDownload } from "./helpers/csv";
import { apiFilter } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { chart } from "./helpers/page";

type TRetentionMessages = typeof import("../../web/messages/en/retention.json");
const tr = areaMessages<TRetentionMessages>("retention");

test.describe("retention page", () => {
  test("[RETENTION]: the table shows the API's cohorts (shares, periods under way hatched, not begun blank); month and 'purchased again' follow the URL; the CSV holds every cell", async ({
    page,
    t,
    f,
  }, testInfo) => {
    const filter = await apiFilter({ period: "90d" });
    const weekly = await api.retention.cohorts.query({ filter, cohort: "week", mode: "any" });
    expect(weekly.customers).toBeGreaterThan(0);

    await page.goto("/retention?period=90d");
    await expect(page.getByRole("heading", { level: 1, name: tr.title })).toBeVisible();
    await expect(page.getByRole("link", { name: t.nav.retention, exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const card = chart(page, tr.tableTitle);
    const table = card.getByTestId("retention-table");
    await expect(table).toBeVisible();
    const shown = () =>
      table
        .getByTestId("retention-row")
        .evaluateAll((rows) =>
          rows.map((row) =>
            Array.from(row.querySelectorAll("td[data-status]"), (cell) => [
              cell.getAttribute("data-status") ?? "",
              (cell.querySelector("[aria-hidden='true']")?.textContent ?? "").trim(),
            ]),
          ),
        );
    const expected = (r: typeof weekly) =>
      r.cohorts.map((c) =>
        c.cells.map((cell) => [
          cell.status,
          cell.status === "future" ? "" : cell.share === null ? "—" : f.percent(cell.share),
        ]),
      );
    await expect.poll(shown).toEqual(expected(weekly));
    // Under way and not begun are never drawn as 0%: hatched, or blank.
    await expect(table.locator("td[data-status='future']").first()).toHaveText(/not begun yet/);
    await expect(card.getByText(tr.legendIncomplete)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("retention-1440.png"), fullPage: true });

    await page.getByRole("radio", { name: tr.cohorts.month, exact: true }).click();
    await page.getByRole("radio", { name: tr.modes.purchase, exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("by")).toBe("month");
    await expect.poll(() => new URL(page.url()).searchParams.get("mode")).toBe("purchase");
    const monthly = await api.retention.cohorts.query({
      filter,
      cohort: "month",
      mode: "purchase",
    });
    await expect.poll(shown).toEqual(expected(monthly));

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card.getByRole("button", { name: t.chart.downloadCsv, exact: true }).click(),
    ]);
    const csv = await readCsvDownload(download);
    expect(csv.header).toContain(tr.columns.retained);
    expect(csv.rows).toHaveLength(monthly.cohorts.length * (monthly.periods + 1));

    // The curves: the average with labelled axes.
    const curves = chart(page, tr.curvesTitle);
    await expect(curves.getByTestId("chart-legend")).toContainText(tr.average);
    await expect(curves.getByText("Months since first purchase")).toBeVisible();
  });

  test.describe("in French at 768 px", () => {
    test.use({ appLocale: "fr", viewport: { width: 768, height: 1000 } });
    test("[RETENTION]: the wide table scrolls sideways with its cohorts kept in view, and says so", async ({
      page,
    }, testInfo) => {
      await page.goto("/retention?period=90d");
      const table = page.getByTestId("retention-table");
      await expect(table).toBeVisible();
      await expect(page.getByTestId("scroll-hint").first()).toBeVisible();
      // The table scrolls inside its box: the page itself is no wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        768,
      );
      const header = table.locator("tbody th").first();
      const before = await header.boundingBox();
      await table.evaluate((element) => {
        const box = element.parentElement;
        if (box) box.scrollLeft = 400;
      });
      await expect.poll(async () => (await header.boundingBox())?.x).toBe(before?.x);
      await page.screenshot({ path: testInfo.outputPath("retention-768-fr.png"), fullPage: true });
    });
  });
});
