import { api } from "./helpers/api";
import { funnelSummary } from "./helpers/expected";
import { apiFilter, catalogue, stageSteps } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { chart } from "./helpers/page";

test.describe("persona page", () => {
  test("[PERSONAS]: a persona's page shows its name and its own stage funnel", async ({
    page,
    t,
    f,
  }) => {
    const persona = (await catalogue()).personas[0];
    if (!persona) throw new Error("the demo data has no persona");
    const filter = await apiFilter({ period: "30d" }, { persona: persona.key });
    const funnel = await api.dashboard.funnel.query({ filter, steps: await stageSteps() });
    expect(funnel.steps[0]?.customers ?? 0).toBeGreaterThan(0);

    // Reached the way a reader would: the header's Personas menu.
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: t.nav.main });
    await nav.getByRole("button", { name: t.nav.personas }).click();
    await nav.getByRole("link", { name: persona.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/personas/${persona.key}(\\?|$)`));

    await expect(page.getByRole("heading", { level: 1, name: persona.name })).toBeVisible();
    const funnelCard = chart(page, t.persona.funnel);
    await expect(
      funnelCard.getByRole("img", {
        name: `${t.persona.funnel}. ${await funnelSummary(funnel, f)}`,
      }),
    ).toBeVisible();
    await expect(page.getByRole("region", { name: t.persona.profile })).toBeVisible();
  });

  test("[PERSONAS]: an unknown persona key shows the not-found page", async ({ page, t }) => {
    await page.goto("/personas/no_such_persona");
    await expect(page.getByText(t.persona.notFoundTitle, { exact: true })).toBeVisible();
    await expect(page.getByText(t.persona.notFoundHint)).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(0);
    await page.getByRole("link", { name: t.errors.backHome }).click();
    await expect(page.getByRole("heading", { level: 1, name: t.overview.title })).toBeVisible();
  });
});
