import type { RouterOutputs } from "@parcours/api";
import { api, type TFunnelStep } from "./helpers/api";
import { readCsvDownload } from "./helpers/csv";
import { apiFilter, catalogue } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { chart, choose, showTable, tableHeaders, tableRows } from "./helpers/page";

const by =
  areaMessages<typeof import("../../web/messages/en/funnel-breakdown.json")>("funnel-breakdown");
const WINDOW_SECONDS = 30 * 24 * 60 * 60;
const KEY = "preferred_device";

type TBreakdown = RouterOutputs["funnels"]["breakdown"];

/** A series as the legend names it: the value, "Other" or "(none)". */
const label = (s: TBreakdown["series"][number]) =>
  s.kind === "value" ? (s.value ?? "") : s.kind === "other" ? by.other : by.noValue;

test.describe("funnel breakdown by attribute (issue 19 item 4)", () => {
  test("[FUNNELS]: a manager breaks the funnel down by an attribute: one series per value, the table and CSV per value, then fewer values", async ({
    page,
    t,
  }) => {
    const cat = await catalogue();
    const filter = await apiFilter({ period: "30d" });
    const steps = cat.stages.map((s): TFunnelStep => ({ kind: "stage", key: s.key }));
    const keys = await api.funnels.breakdownKeys.query();
    expect(keys.attributes).toContain(KEY);

    await page.goto("/funnels");
    const result = chart(page, t.funnels.resultTitle);
    await choose(page, by.label, by.attribute.replace("{key}", KEY));
    await expect.poll(() => new URL(page.url()).searchParams.get("by")).toBe(`attribute:${KEY}`);
    const five = await api.funnels.breakdown.query({
      filter,
      steps,
      windowSeconds: WINDOW_SECONDS,
      breakdown: { kind: "attribute", key: KEY, top: 5 },
    });
    expect(five.series.length).toBeGreaterThan(1);
    const labels = five.series.map(label);
    await expect(result.getByTestId("chart-legend").getByRole("listitem")).toHaveText(labels);
    await expect(result.getByTestId("funnel-breakdown-note")).toHaveText(by.explain);

    // The table: each value's customers at each step, as the API counts them.
    const table = await showTable(result, t.chart);
    expect((await tableHeaders(table)).slice(-labels.length)).toEqual(labels);
    const rows = await tableRows(table);
    const counts = (b: TBreakdown) =>
      steps.map((_, i) => b.series.map((s) => s.funnel.steps[i]?.customers ?? 0));
    expect(
      rows.map((row) => row.slice(-labels.length).map((cell) => Number(cell.replace(/\D/g, "")))),
    ).toEqual(counts(five));

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      result.getByRole("button", { name: t.chart.downloadCsv, exact: true }).click(),
    ]);
    const csv = await readCsvDownload(download);
    expect(csv.filename).toMatch(new RegExp(`^parcours-funnel-by-attribute-${KEY}-`));
    expect(csv.header.slice(-labels.length)).toEqual(labels);
    expect(csv.rows.map((row) => row.slice(-labels.length).map(Number))).toEqual(counts(five));

    // One value shown: the rest become "Other".
    const top = page.getByRole("spinbutton", { name: by.top });
    await top.fill("1");
    await top.press("Enter");
    await expect.poll(() => new URL(page.url()).searchParams.get("top")).toBe("1");
    const one = await api.funnels.breakdown.query({
      filter,
      steps,
      windowSeconds: WINDOW_SECONDS,
      breakdown: { kind: "attribute", key: KEY, top: 1 },
    });
    expect(one.series.filter((s) => s.kind === "value")).toHaveLength(1);
    // The table is still shown: its last columns are now the one value and Other.
    const oneLabels = one.series.map(label);
    await expect
      .poll(async () => (await tableHeaders(table)).slice(-oneLabels.length))
      .toEqual(oneLabels);
  });
});
