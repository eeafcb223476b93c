import { api, apiAs } from "./helpers/api";
import { apiFilter, catalogue } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { choose } from "./helpers/page";

// Issue 19 item 3: the cohorts page, where cohorts are listed, built from a rule, renamed and
// deleted.

type TCohortsMessages = typeof import("../../web/messages/en/cohorts.json");
const cohortMessages = areaMessages<TCohortsMessages>("cohorts");
const tk = cohortMessages.page;

test.describe("cohorts page", () => {
  test("[COHORTS-PAGE]: a manager builds a dynamic 'reached Purchase' cohort whose live count is the API's, filters the overview by it, renames it and deletes it", async ({
    page,
    t,
    f,
  }) => {
    test.setTimeout(180_000);
    const purchase = (await catalogue()).stages.find((s) => s.key === "purchase");
    if (!purchase) throw new Error("the seeded catalogue has no purchase stage");
    const filter = await apiFilter({ period: "30d" });
    const rule = { conditions: [{ kind: "reachedStage" as const, stage: "purchase" }] };
    const expected = await api.cohorts.preview.query({
      rule,
      period: { from: filter.from, to: filter.to },
    });
    expect(expected.customers).toBeGreaterThan(0);
    const name = `Purchasers ${Date.now()}`;

    await page.goto("/cohorts?period=30d");
    await expect(page.getByRole("heading", { level: 1, name: tk.title })).toBeVisible();
    await expect(page.getByRole("link", { name: t.nav.cohorts, exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const form = page.getByRole("region", { name: tk.form.title });
    const preview = form.getByTestId("cohort-preview");
    await expect(preview).toHaveText(tk.form.incomplete);
    await choose(
      page,
      `${tk.form.stage} (${tk.form.condition.replace("{n}", "1")})`,
      purchase.name,
    );
    // The count, announced politely, is the API's for the same rule and period.
    await expect(preview).toContainText(`${f.integer(expected.customers)} customers meet`, {
      timeout: 30_000,
    });
    await expect(form.locator("[aria-live=polite]")).toContainText(f.integer(expected.customers));
    await form.getByLabel(tk.form.name).fill(name);
    await form.getByRole("button", { name: tk.form.submit }).click();
    await expect(form.getByRole("status")).toHaveText(`“${name}” saved.`);

    // It is listed, dynamic, with its rule in words.
    const list = page.getByRole("table", { name: tk.list.caption });
    const row = list.getByRole("row").filter({ hasText: name });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(tk.list.dynamic);
    await expect(row).toContainText(`reached ${purchase.name} in the period`);
    await expect(row).toContainText(tk.list.membersDynamic);
    const saved = (await api.cohorts.list.query()).find((c) => c.name === name);
    if (!saved) throw new Error(`the API does not list “${name}”`);
    expect(saved.kind).toBe("dynamic");
    expect(saved.rule).toEqual(rule);

    // Rename it.
    await row.getByRole("button", { name: `Rename “${name}”` }).click();
    const renameDialog = page.getByRole("dialog", { name: `Rename “${name}”` });
    const renamed = `${name} renamed`;
    await renameDialog.getByLabel(tk.rename.name).fill(renamed);
    await renameDialog.getByRole("button", { name: tk.rename.submit }).click();
    await expect(renameDialog).toBeHidden();
    const renamedRow = list.getByRole("row").filter({ hasText: renamed });
    await expect(renamedRow).toHaveCount(1);
    expect((await api.cohorts.get.query({ id: saved.id })).name).toBe(renamed);

    // "Filter the overview" opens the overview under the cohort.
    await renamedRow.getByRole("link", { name: `Filter the overview by “${renamed}”` }).click();
    await expect(page).toHaveURL(new RegExp(`/\\?cohort=${saved.id}$`));
    await expect(page.getByRole("combobox", { name: cohortMessages.filter.label })).toHaveText(
      renamed,
      {
        timeout: 45_000,
      },
    );

    // Delete it, after the confirmation; cancelling first keeps it.
    await page.goto("/cohorts?period=30d");
    const again = page
      .getByRole("table", { name: tk.list.caption })
      .getByRole("row")
      .filter({ hasText: renamed });
    await again.getByRole("button", { name: `Delete “${renamed}”` }).click();
    const confirm = page.getByRole("dialog", { name: `Delete “${renamed}”?` });
    await confirm.getByRole("button", { name: tk.delete.cancel }).first().click();
    await expect(confirm).toBeHidden();
    await expect(again).toHaveCount(1);
    await again.getByRole("button", { name: `Delete “${renamed}”` }).click();
    await confirm.getByRole("button", { name: tk.delete.confirm }).click();
    await expect(confirm).toBeHidden();
    await expect(again).toHaveCount(0);
    expect((await api.cohorts.list.query()).some((c) => c.id === saved.id)).toBe(false);
  });

  test.describe("as a viewer", () => {
    test.use({ role: "viewer" });

    test("[COHORTS-PAGE]: a viewer sees the cohorts read-only: no form, no rename or delete, but the overview link", async ({
      page,
    }) => {
      const created = await api.cohorts.createFromRule.mutate({
        name: `Viewer sees ${Date.now()}`,
        kind: "dynamic",
        rule: { conditions: [{ kind: "notReturned", days: 30 }] },
      });
      try {
        await page.goto("/cohorts");
        const row = page
          .getByRole("table", { name: tk.list.caption })
          .getByRole("row")
          .filter({ hasText: created.name });
        await expect(row).toContainText("did not return within 30 days after the period");
        await expect(
          row.getByRole("link", { name: `Filter the overview by “${created.name}”` }),
        ).toHaveAttribute("href", `/?cohort=${created.id}`);
        await expect(row.getByRole("button")).toHaveCount(0);
        await expect(page.getByText(tk.readOnly)).toBeVisible();
        await expect(page.getByRole("region", { name: tk.form.title })).toHaveCount(0);
        // The API agrees: a viewer cannot delete it.
        await expect(apiAs("viewer").cohorts.delete.mutate({ id: created.id })).rejects.toThrow();
      } finally {
        await api.cohorts.delete.mutate({ id: created.id });
      }
    });
  });
  test.describe("at 768 px in French", () => {
    test.use({ viewport: { width: 768, height: 1000 }, appLocale: "fr" });

    test("[COHORTS-PAGE]: the page does not widen past 768 px; the table scrolls under its names", async ({
      page,
    }) => {
      const created = await api.cohorts.createFromRule.mutate({
        name: `Largeur ${Date.now()}`,
        kind: "dynamic",
        rule: { conditions: [{ kind: "touched", touchpoint: "live_chat", maxRating: 2 }] },
      });
      try {
        await page.goto("/cohorts");
        const table = page.getByRole("table", { name: "Cohortes enregistrées" });
        const name = table.getByRole("rowheader", { name: created.name });
        await expect(name).toBeVisible();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          768,
        );
        expect(await name.evaluate((el) => getComputedStyle(el).position)).toBe("sticky");
        await expect(page.getByTestId("cohort-preview")).toHaveText(
          "Complétez chaque condition pour compter les clients.",
        );
      } finally {
        await api.cohorts.delete.mutate({ id: created.id });
      }
    });
  });
});
