import type { Page } from "@playwright/test";
import { api } from "./helpers/api";
import { apiFilter } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";

// Issue 19 item 1: a retention cell opens the customers behind it, and the list is as long as
// the cell's count.

async function expectListOf(page: Page, total: number, f: { integer: (n: number) => string }) {
  await expect(page).toHaveURL(/\/customers\?.*drill=/);
  await expect(page.getByTestId("customer-list-range")).toHaveText(
    `Customers 1–${f.integer(Math.min(50, total))} of ${f.integer(total)}`,
  );
}

test("[RETENTION-DRILL]: a cell and a cohort's size open lists whose totals equal the table's counts", async ({
  page,
  f,
}) => {
  test.setTimeout(180_000);
  const filter = await apiFilter({ period: "90d" });
  const weekly = await api.retention.cohorts.query({ filter, cohort: "week", mode: "any" });
  const row = weekly.cohorts.findIndex((c) => (c.cells[1]?.retained ?? 0) > 0);
  const cohort = weekly.cohorts[row];
  const cell = cohort?.cells[1];
  if (!cohort || !cell?.retained) throw new Error("no cohort with a customer back in period 1");
  const source = {
    kind: "retention" as const,
    cohort: "week" as const,
    mode: "any" as const,
    cohortStart: cohort.start,
    period: 1,
  };
  const list = await api.customers.list.query({ filter, source });
  expect(list.total).toBe(cell.retained);

  await page.goto("/retention?period=90d");
  const rows = page.getByTestId("retention-table").getByTestId("retention-row");
  const link = rows.nth(row).locator("td[data-status]").nth(1).getByRole("link");
  await expect(link).toBeVisible({ timeout: 45_000 });
  await link.click();
  await expectListOf(page, cell.retained, f);
  await expect(
    page.getByText(/cohort \(first purchase\) with an event in week 1 after it/).first(),
  ).toBeVisible();

  await page.goBack();
  const size = rows.nth(row).getByTestId("retention-size").getByRole("link");
  await expect(size).toHaveText(f.integer(cohort.customers));
  await size.click();
  await expectListOf(page, cohort.customers, f);
  const sizeList = await api.customers.list.query({
    filter,
    source: { ...source, period: 0 },
  });
  expect(sizeList.total).toBe(cohort.customers);
});
