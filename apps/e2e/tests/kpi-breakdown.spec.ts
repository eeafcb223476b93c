import type { RouterOutputs } from "@parcours/api";
import { api } from "./helpers/api";
import { readCsvDownload } from "./helpers/csv";
import { apiFilter } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { chart, choose, tableRows } from "./helpers/page";

const by =
  areaMessages<typeof import("../../web/messages/en/funnel-breakdown.json")>("funnel-breakdown");
const KEY = "preferred_device";

type TKpiBreakdown = RouterOutputs["dashboard"]["kpiBreakdown"];

const label = (s: TKpiBreakdown["series"][number]) =>
  s.kind === "value" ? (s.value ?? "") : s.kind === "other" ? by.other : by.noValue;

test.describe("KPI breakdown on the overview (issue 19 item 4)", () => {
  test("[OVERVIEW]: the KPIs by an attribute: a row per value with its active customers, the CSV, then one value and Other", async ({
    page,
    t,
  }) => {
    const filter = await apiFilter({ period: "30d" });
    await page.goto("/");
    await expect(page.getByText(by.kpis.prompt)).toBeVisible();
    await choose(page, by.label, by.attribute.replace("{key}", KEY));
    const frame = chart(page, by.attribute.replace("{key}", KEY));
    const five = await api.dashboard.kpiBreakdown.query({
      filter,
      breakdown: { kind: "attribute", key: KEY, top: 5 },
    });
    expect(five.series.length).toBeGreaterThan(1);
    const table = frame.getByRole("table");
    await expect(table).toBeVisible();
    const active = (b: TKpiBreakdown) => b.series.map((s) => [label(s), s.kpis.activeCustomers]);
    await expect
      .poll(async () =>
        (await tableRows(table)).map((row) => [row[0], Number((row[1] ?? "").replace(/\D/g, ""))]),
      )
      .toEqual(active(five));

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      frame.getByRole("button", { name: t.chart.downloadCsv, exact: true }).click(),
    ]);
    const csv = await readCsvDownload(download);
    expect(csv.filename).toMatch(new RegExp(`^parcours-kpis-by-attribute-${KEY}-`));
    expect(csv.rows.map((row) => [row[0], Number(row[1])])).toEqual(active(five));

    const top = page.getByRole("spinbutton", { name: by.top });
    await top.fill("1");
    await top.press("Enter");
    const one = await api.dashboard.kpiBreakdown.query({
      filter,
      breakdown: { kind: "attribute", key: KEY, top: 1 },
    });
    await expect
      .poll(async () => (await tableRows(table)).map((row) => row[0]))
      .toEqual(one.series.map(label));
    const sum = one.series.reduce((n, s) => n + s.kpis.activeCustomers, 0);
    expect(sum).toBe(one.total.activeCustomers);

    // The choice is in the URL: a reload (or a shared link) opens on the same table.
    await expect
      .poll(() => {
        const params = new URL(page.url()).searchParams;
        return [params.get("kpiBy"), params.get("kpiTop")];
      })
      .toEqual([`attribute:${KEY}`, "1"]);
    await page.reload();
    await expect
      .poll(async () =>
        (await tableRows(chart(page, by.attribute.replace("{key}", KEY)).getByRole("table"))).map(
          (row) => row[0],
        ),
      )
      .toEqual(one.series.map(label));
  });
});
