import { api } from "./helpers/api";
import { apiFilter } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { kpiValue } from "./helpers/page";

// Issue 19 item 3: a drill-down list saved as a cohort, then used as a filter everywhere.

type TCohortsMessages = typeof import("../../web/messages/en/cohorts.json");
const tk = areaMessages<TCohortsMessages>("cohorts");

test.describe("cohorts", () => {
  test("[COHORTS]: the converters' list saved as a cohort filters the overview to exactly that many customers", async ({
    page,
    t,
    f,
  }) => {
    test.setTimeout(240_000);
    const filter = await apiFilter({ period: "30d" });
    const source = { kind: "kpi" as const, kpi: "converters" as const };
    const list = await api.customers.list.query({ filter, source, limit: 1 });
    expect(list.total).toBeGreaterThan(0);
    const name = `Converters ${Date.now()}`;

    await page.goto(`/customers?period=30d&drill=${encodeURIComponent(JSON.stringify(source))}`);
    await expect(page.getByTestId("customer-list-range")).toContainText(
      `of ${f.integer(list.total)}`,
      { timeout: 45_000 },
    );
    await page.getByRole("button", { name: tk.save.button }).click();
    const dialog = page.getByRole("dialog", { name: tk.save.title });
    await dialog.getByLabel(tk.save.name).fill(name);
    await dialog.getByRole("button", { name: tk.save.submit }).click();
    await expect(dialog.getByRole("status")).toHaveText(
      `“${name}” saved with ${f.integer(list.total)} customers.`,
    );
    await dialog.getByRole("button", { name: tk.save.apply }).click();
    await expect(page).toHaveURL(/[?&]cohort=\d+/);
    const cohort = new URL(page.url()).searchParams.get("cohort");

    // The overview under the cohort: its active customers are the list's total, all converted.
    await page.goto(`/?period=30d&cohort=${cohort}`);
    // The picker names it once the cohorts are listed (after the page's other queries).
    await expect(page.getByRole("combobox", { name: tk.filter.label })).toHaveText(name, {
      timeout: 45_000,
    });
    await expect(kpiValue(page, t.kpis.activeCustomers)).toHaveText(f.integer(list.total), {
      timeout: 45_000,
    });
    const kpis = await api.dashboard.kpis.query({ filter: { ...filter, cohort: Number(cohort) } });
    expect(kpis.current.activeCustomers).toBe(list.total);
    expect(kpis.current.convertedCustomers).toBe(list.total);
  });
});
