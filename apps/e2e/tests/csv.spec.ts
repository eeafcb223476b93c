import type { Locator, Page } from "@playwright/test";
import { api } from "./helpers/api";
import { readCsvDownload, type TDownloadedCsv } from "./helpers/csv";
import { personaLabel } from "./helpers/expected";
import { catalogue, resolveUrl, stageSteps, stepName, type TPeriod } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { csvHours, csvPercent, csvTwoDecimals } from "./helpers/format";
import { chart } from "./helpers/page";

/** Clicks a chart's "Download CSV" button and reads the file it saves. */
async function downloadCsv(page: Page, card: Locator, label: string): Promise<TDownloadedCsv> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    card.getByRole("button", { name: label, exact: true }).click(),
  ]);
  return readCsvDownload(download);
}

/** The file name's days: the period's first and last day (inclusive). */
function days(period: TPeriod): string {
  const iso = (day: Date) => day.toISOString().slice(0, 10);
  return `${iso(period.firstDay)}-${iso(period.lastDay)}`;
}

test.describe("CSV downloads", () => {
  test("[CSV]: the stage funnel's CSV holds the funnel the API returns, in percentages and hours", async ({
    page,
    t,
  }) => {
    const { filter, period } = await resolveUrl({ period: "30d" });
    const funnel = await api.dashboard.funnel.query({ filter, steps: await stageSteps() });

    await page.goto("/");
    const csv = await downloadCsv(page, chart(page, t.funnel.title), t.chart.downloadCsv);

    expect(csv.filename).toBe(`parcours-funnel-${days(period)}.csv`);
    expect(csv.bom).toBe(true);
    expect(csv.header).toEqual([
      t.funnel.step,
      t.funnel.customers,
      `${t.funnel.conversionFromPrevious} (%)`,
      `${t.funnel.conversionOverall} (%)`,
      t.funnel.dropOff,
      `${t.funnel.medianTime} (h)`,
      `${t.funnel.p90Time} (h)`,
    ]);
    const expected = await Promise.all(
      funnel.steps.map(async (s) => [
        await stepName(s.step),
        String(s.customers),
        csvPercent(s.conversionFromPrevious),
        csvPercent(s.conversionOverall),
        String(s.dropOff),
        csvHours(s.medianSecondsToStep),
        csvHours(s.p90SecondsToStep),
      ]),
    );
    expect(csv.rows).toEqual(expected);
  });

  test("[CSV]: the persona and heatmap CSVs hold every row the API returns", async ({
    page,
    t,
  }) => {
    const { filter, period } = await resolveUrl({ period: "30d" });
    const [personas, heatmap, cat] = await Promise.all([
      api.dashboard.personas.query({ filter }),
      api.dashboard.heatmap.query({ filter }),
      catalogue(),
    ]);

    await page.goto("/");

    const personaCsv = await downloadCsv(page, chart(page, t.personas.title), t.chart.downloadCsv);
    expect(personaCsv.filename).toBe(`parcours-personas-${days(period)}.csv`);
    expect(personaCsv.header).toEqual([
      t.personas.persona,
      t.personas.activeCustomers,
      t.personas.events,
      `${t.personas.conversionRate} (%)`,
      t.personas.satisfaction,
      t.personas.ratings,
      `${t.personas.revenue} (EUR)`,
      t.personas.orders,
      `${t.personas.aov} (EUR)`,
    ]);
    expect(personaCsv.rows).toEqual(
      personas.personas.map((p) => [
        personaLabel(p, t),
        String(p.activeCustomers),
        String(p.events),
        csvPercent(p.conversionRate),
        csvTwoDecimals(p.satisfaction.mean),
        String(p.satisfaction.n),
        csvTwoDecimals(p.revenue),
        String(p.orders),
        csvTwoDecimals(p.averageOrderValue),
      ]),
    );

    const heatmapCsv = await downloadCsv(page, chart(page, t.heatmap.title), t.chart.downloadCsv);
    expect(heatmapCsv.filename).toBe(`parcours-heatmap-${days(period)}.csv`);
    expect(heatmapCsv.header).toEqual([
      t.heatmap.channel,
      t.heatmap.corner,
      t.heatmap.stage,
      t.heatmap.events,
      t.heatmap.customers,
      t.heatmap.metrics.satisfaction,
      t.heatmap.ratings,
      `${t.heatmap.metrics.conversion} (%)`,
    ]);
    const channelName = new Map(heatmap.channels.map((c) => [c.key, c.name]));
    const stageName = new Map(cat.stages.map((s) => [s.key, s.name]));
    const expected = heatmap.rows.flatMap((row) =>
      row.cells
        .filter((cell) => cell.events > 0)
        .map((cell) => [
          channelName.get(row.channel) ?? row.channel,
          row.name,
          stageName.get(cell.stage) ?? cell.stage,
          String(cell.events),
          String(cell.customers),
          csvTwoDecimals(cell.satisfaction.mean),
          String(cell.satisfaction.n),
          csvPercent(cell.nextStageShare),
        ]),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(heatmapCsv.rows).toEqual(expected);
  });
});
