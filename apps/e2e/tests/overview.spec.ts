import { api } from "./helpers/api";
import {
  funnelRows,
  funnelSummary,
  heatmapVolumeRows,
  kpiTexts,
  personaRows,
} from "./helpers/expected";
import { apiFilter, stageSteps } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { chart, kpiValue, showTable, tableHeaders, tableRows } from "./helpers/page";

test.describe("overview", () => {
  test("[OVERVIEW]: renders every chart with the numbers the API returns for the default filters", async ({
    page,
    t,
    f,
  }) => {
    const filter = await apiFilter({ period: "30d" });
    const [kpis, funnel, personas, heatmap, emotion] = await Promise.all([
      api.dashboard.kpis.query({ filter }),
      api.dashboard.funnel.query({ filter, steps: await stageSteps() }),
      api.dashboard.personas.query({ filter }),
      api.dashboard.heatmap.query({ filter }),
      api.dashboard.emotion.query({ filter }),
    ]);
    // A test on an empty period would prove nothing.
    expect(kpis.current.activeCustomers).toBeGreaterThan(0);

    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: t.overview.title })).toBeVisible();

    // KPI cards, formatted as the cards format them.
    for (const [label, value] of Object.entries(kpiTexts(kpis, f, t))) {
      await expect(kpiValue(page, label), label).toHaveText(value);
    }

    // Stage funnel: the chart's own summary, then its table.
    const funnelCard = chart(page, t.funnel.title);
    await expect(
      funnelCard.getByRole("img", { name: `${t.funnel.title}. ${await funnelSummary(funnel, f)}` }),
    ).toBeVisible();
    const funnelTable = await showTable(funnelCard, t.chart);
    expect((await tableRows(funnelTable)).map((row) => row.slice(0, 5))).toEqual(
      await funnelRows(funnel, f),
    );

    // Persona breakdown: the chart, then every row of its table.
    const personaCard = chart(page, t.personas.title);
    await expect(personaCard.getByRole("img", { name: t.personas.chartLabel })).toBeVisible();
    const personaTable = await showTable(personaCard, t.chart);
    expect(await tableHeaders(personaTable)).toEqual([
      t.personas.persona,
      t.personas.activeCustomers,
      t.personas.events,
      t.personas.conversionRate,
      t.personas.satisfaction,
      t.personas.ratings,
      t.personas.revenue,
      t.personas.orders,
      t.personas.aov,
    ]);
    expect(await tableRows(personaTable)).toEqual(personaRows(personas, f, t));

    // Heatmap (volume is the default metric): every cell.
    const heatmapCard = chart(page, t.heatmap.title);
    await expect(heatmapCard.getByRole("radio", { name: t.heatmap.metrics.volume })).toBeChecked();
    const grid = heatmapCard.getByRole("table", { name: t.heatmap.caption });
    expect(await tableHeaders(grid.locator("thead"))).toEqual([
      t.heatmap.corner,
      ...heatmap.stages.map((s) => s.name),
    ]);
    expect(await tableRows(grid)).toEqual(heatmapVolumeRows(heatmap, f));

    // Emotion curve: drawn, with the number of ratings behind it.
    const emotionCard = chart(page, t.emotion.title);
    await expect(emotionCard.getByRole("img", { name: t.emotion.title })).toBeVisible();
    const rated = emotion.overall.points.reduce((sum, p) => sum + p.satisfaction.n, 0);
    await expect(emotionCard).toContainText(`Based on ${f.integer(rated)} ratings`);
  });
});
