import { catalogue } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";

// Issue 20, item 16: Personas is in the navigation, so /personas is a page of its own, and a
// persona that does not exist is a real 404 (not a 200 that draws "not found").
test.describe("personas index and unknown personas", () => {
  test("[PERSONAS]: /personas lists every active persona under the site header, linking to its page", async ({
    page,
    t,
  }) => {
    const personas = (await catalogue()).personas;
    expect(personas.length).toBeGreaterThan(0);
    const response = await page.goto("/personas?period=90d");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: t.persona.indexTitle })).toBeVisible();
    await expect(page.getByRole("navigation", { name: t.nav.main })).toBeVisible();
    for (const persona of personas) {
      // Listed under the header (the priority table below links to it too).
      await expect(
        page.getByRole("list").getByRole("link", { name: persona.name, exact: true }),
      ).toBeVisible();
    }
    const first = personas[0];
    if (!first) throw new Error("no persona");
    await page.getByRole("list").getByRole("link", { name: first.name, exact: true }).click();
    // The period travels with the link, as it does from the header's menu.
    await expect(page).toHaveURL(new RegExp(`/personas/${first.key}\\?period=90d`));
    await expect(page.getByRole("heading", { level: 1, name: first.name })).toBeVisible();
  });

  test("[PERSONAS]: an unknown persona answers HTTP 404 with the not-found page", async ({
    page,
    t,
  }) => {
    const response = await page.goto("/personas/no_such_persona");
    expect(response?.status()).toBe(404);
    await expect(page.getByText(t.persona.notFoundTitle, { exact: true })).toBeVisible();
    await expect(page.getByRole("navigation", { name: t.nav.main })).toBeVisible();
  });
});

test.describe("personas index in French", () => {
  test.use({ appLocale: "fr" });
  test("[PERSONAS]: the index is in French", async ({ page, t }) => {
    await page.goto("/personas");
    await expect(page.getByRole("heading", { level: 1, name: t.persona.indexTitle })).toBeVisible();
    await expect(page.getByText(t.persona.indexDescription)).toBeVisible();
  });
});
