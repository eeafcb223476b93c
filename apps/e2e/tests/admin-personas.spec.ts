import { readFileSync } from "node:fs";
import { apiAs } from "./helpers/api";
import { personaRows } from "./helpers/expected";
import { apiFilter } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { chart, showTable, tableRows } from "./helpers/page";

const m = JSON.parse(
  readFileSync(new URL("../../web/messages/en/admin-personas.json", import.meta.url), "utf8"),
) as typeof import("../../web/messages/en/admin-personas.json");

test.use({ role: "admin" });

test("[ADMIN]: an admin creates a persona with rules, sees the preview count, saves; the overview's persona breakdown and the audit log show it", async ({
  page,
  t,
  f,
}) => {
  const admin = apiAs("admin");
  const name = `Coupon fans ${Date.now()}`;
  const rules = {
    match: "all" as const,
    conditions: [{ attribute: "coupon_user", operator: "eq" as const, value: true }],
  };
  const expected = await admin.admin.personas.preview.query({ priority: 0, rules });
  expect(expected.wouldBeAssigned).toBeGreaterThan(0);

  await page.goto("/admin/personas");
  await page.getByRole("button", { name: m.new }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(m.name, { exact: true }).fill(name);
  await dialog.getByLabel(m.priority, { exact: true }).fill("0");
  await dialog.getByLabel(m.attribute, { exact: true }).fill("coupon_user");
  await dialog.getByLabel(m.value, { exact: true }).fill("true");
  // The preview, before saving, equals what the API counts for the same rules.
  await expect(dialog.getByTestId("persona-preview")).toHaveText(
    m.preview
      .replace("{matching}", f.integer(expected.matching))
      .replace("{total}", f.integer(expected.total))
      .replace("{assigned}", f.integer(expected.wouldBeAssigned)),
  );
  await dialog.getByRole("button", { name: m.save }).click();
  await expect(page.getByRole("status")).toContainText(name);
  const key = (await admin.admin.personas.list.query()).find((p) => p.name === name)?.key;
  if (!key) throw new Error("the persona was not saved");

  // The overview's persona breakdown has it, with the API's numbers.
  const filter = await apiFilter({ period: "30d" });
  const personas = await apiAs("manager").dashboard.personas.query({ filter });
  expect(personas.personas.some((p) => p.persona === key && p.activeCustomers > 0)).toBe(true);
  await page.goto("/");
  const table = await showTable(chart(page, t.personas.title), t.chart);
  const rows = await tableRows(table);
  expect(rows.some((row) => row[0] === name)).toBe(true);
  expect(rows).toEqual(personaRows(personas, f, t));

  // The audit log names the change.
  await page.goto("/admin/audit");
  await expect(page.getByTestId("audit-table")).toContainText(`created the persona ${name}`);

  // Leave the data as it was for the other tests: archive it (its customers go back).
  await admin.admin.personas.setArchived.mutate({ key, archived: true });
});
