import { api } from "./helpers/api";
import { readCsvDownload } from "./helpers/csv";
import { apiFilter, catalogue } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { csvPercent } from "./helpers/format";
import { areaMessages } from "./helpers/locale";
import { chart, showTable, tableRows } from "./helpers/page";

type TDriversMessages = typeof import("../../web/messages/en/drivers.json");
const td = areaMessages<TDriversMessages>("drivers");

test.describe("drivers page", () => {
  test("[DRIVERS]: the rankings, the chart, the table and its CSV show what the API returns, with the association note; the measure switch is kept in the URL", async ({
    page,
    t,
    f,
  }, testInfo) => {
    const cat = await catalogue();
    const stageName = new Map(cat.stages.map((s) => [s.key, s.name]));
    const filter = await apiFilter({ period: "30d" });
    const expected = await api.drivers.touchpoints.query({ filter });
    const withConversion = expected.touchpoints.filter((d) => d.conversion !== null);
    expect(withConversion.length).toBeGreaterThan(0);

    await page.goto("/drivers");
    await expect(page.getByRole("heading", { level: 1, name: td.title })).toBeVisible();
    await expect(page.getByRole("link", { name: t.nav.drivers, exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(page.getByTestId("drivers-association")).toHaveText(td.association);

    // The rankings: the API's helps and hurts, in its order, or the sentence saying none.
    const names = new Map(expected.touchpoints.map((d) => [d.touchpoint, d.name]));
    const { helps, hurts } = expected.rankings.conversion;
    if (helps.length > 0) {
      await expect(page.getByTestId("drivers-helps").locator("li")).toHaveCount(helps.length);
      await expect(page.getByTestId("drivers-helps").locator("li").first()).toContainText(
        names.get(helps[0] ?? "") ?? "",
      );
    } else {
      await expect(page.getByText(td.noneHelps, { exact: true })).toBeVisible();
    }
    if (hurts.length > 0) {
      await expect(page.getByTestId("drivers-hurts").locator("li")).toHaveCount(hurts.length);
    } else {
      await expect(page.getByText(td.noneHurts, { exact: true })).toBeVisible();
    }

    // The chart: one dot per touchpoint with a difference, named in its accessible summary.
    const card = chart(page, td.chartTitle);
    const plotted = withConversion.filter((d) => d.conversion?.difference !== null);
    await expect(
      card.getByRole("img", { name: new RegExp(`^${td.chartTitle}\\. `) }),
    ).toBeVisible();
    await expect(card.locator("svg circle")).toHaveCount(plotted.length);
    await page.screenshot({ path: testInfo.outputPath("drivers-1440.png"), fullPage: true });

    // The table: every touchpoint with a conversion comparison, both n and both rates.
    const table = await showTable(card, t.chart);
    const rows = await tableRows(table);
    const percent = (v: number | null) => (v === null ? "—" : f.percent(v));
    expect(rows.map((r) => r.slice(0, 6))).toEqual(
      withConversion.map((d) => [
        d.name,
        stageName.get(d.stage) ?? d.stage,
        f.integer(d.conversion?.nWith ?? 0),
        f.integer(d.conversion?.nWithout ?? 0),
        percent(d.conversion?.with ?? null),
        percent(d.conversion?.without ?? null),
      ]),
    );
    expect(rows.map((r) => r[9])).toEqual(
      withConversion.map((d) => td.verdicts[d.conversion?.verdict ?? "too_few"]),
    );

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card.getByRole("button", { name: t.chart.downloadCsv, exact: true }).click(),
    ]);
    const csv = await readCsvDownload(download);
    expect(csv.header.slice(0, 5)).toEqual([
      td.columns.touchpoint,
      td.columns.stage,
      td.columns.nWith,
      td.columns.nWithout,
      `${td.columns.with} (%)`,
    ]);
    expect(csv.rows.map((r) => [r[0], r[2], r[4]])).toEqual(
      withConversion.map((d) => [
        d.name,
        String(d.conversion?.nWith ?? 0),
        csvPercent(d.conversion?.with ?? null),
      ]),
    );

    // Satisfaction: the switch is a radio, kept in the URL; every touchpoint has a comparison.
    await page.getByRole("radio", { name: td.measures.satisfaction, exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("measure")).toBe("satisfaction");
    await expect
      .poll(async () => (await tableRows(table)).length)
      .toBe(expected.touchpoints.length);
  });
});
