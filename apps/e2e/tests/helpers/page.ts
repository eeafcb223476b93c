import { expect, type Locator, type Page } from "@playwright/test";

/** A chart card (a `<section>` named by its title). */
export function chart(page: Page, title: string): Locator {
  return page.getByRole("region", { name: title, exact: true });
}

/** The value shown in the KPI card with this label. */
export function kpiValue(page: Page, label: string): Locator {
  return page
    .getByTestId("kpi-card")
    .filter({ has: page.getByText(label, { exact: true }) })
    .getByTestId("kpi-value");
}

/** Switches a chart card to its table ("Show table") and returns that table. */
export async function showTable(card: Locator, labels: { showTable: string }): Promise<Locator> {
  await card.getByRole("button", { name: labels.showTable, exact: true }).click();
  const table = card.getByRole("table");
  await expect(table).toBeVisible();
  return table;
}

/** A table's body as text: one array per row, header cell first. */
export function tableRows(table: Locator): Promise<string[][]> {
  return table
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll("th, td"), (cell) => (cell.textContent ?? "").trim()),
      ),
    );
}

/** A table's column headers. */
export function tableHeaders(table: Locator): Promise<string[]> {
  return table.getByRole("columnheader").allTextContents();
}

/** Chooses an option of a (Radix) select named `label`. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole("combobox", { name: label, exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}
