import { api } from "./helpers/api";
import { apiFilter } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { formatters } from "./helpers/format";
import { messages } from "./helpers/locale";
import { chart, kpiValue } from "./helpers/page";

// French groups thousands with a narrow no-break space (U+202F; older ICU: U+00A0) and puts a
// no-break space before "%" and "€".
const GROUP = "[\u202F\u00A0]";
const THOUSANDS = new RegExp(`^\\d{1,3}(${GROUP}\\d{3})+$`);
const PERCENT = new RegExp(`^\\d+(,\\d)?${GROUP}%$`);
const RATING = /^\d,\d$/;
const EUROS = new RegExp(`^\\d{1,3}(${GROUP}\\d{3})*${GROUP}€$`);

test.describe("French", () => {
  test.use({ appLocale: "fr" });

  test("[I18N]: the French locale shows French labels and French number formats", async ({
    page,
    t,
    f,
  }) => {
    const kpis = await api.dashboard.kpis.query({ filter: await apiFilter({ period: "30d" }) });
    expect(kpis.current.events).toBeGreaterThanOrEqual(1000);

    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("heading", { level: 1, name: t.overview.title })).toBeVisible();

    const nav = page.getByRole("navigation", { name: t.nav.main });
    await expect(nav.getByRole("link", { name: t.nav.overview })).toBeVisible();
    await expect(nav.getByRole("link", { name: t.nav.funnels })).toBeVisible();
    await expect(page.getByRole("region", { name: t.kpis.title })).toBeVisible();
    await expect(chart(page, t.funnel.title)).toBeVisible();

    const events = kpiValue(page, t.kpis.events);
    const conversion = kpiValue(page, t.kpis.conversionRate);
    const satisfaction = kpiValue(page, t.kpis.satisfaction);
    const revenue = kpiValue(page, t.kpis.revenue);
    await expect(events).toHaveText(THOUSANDS);
    await expect(events).toHaveText(f.integer(kpis.current.events));
    await expect(conversion).toHaveText(PERCENT);
    await expect(satisfaction).toHaveText(RATING);
    await expect(revenue).toHaveText(EUROS);
    await expect(revenue).toHaveText(f.currency(kpis.current.revenue));
  });
});

test.describe("language switch", () => {
  test("[I18N]: the header's language switch turns the page into French and remembers it", async ({
    page,
    context,
    t,
  }) => {
    const fr = messages("fr");
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(kpiValue(page, t.kpis.events)).toBeVisible();

    await page
      .getByRole("group", { name: t.header.language })
      .getByRole("button", { name: t.header.languages.fr })
      .click();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("heading", { level: 1, name: fr.overview.title })).toBeVisible();
    await expect(kpiValue(page, fr.kpis.activeCustomers)).toBeVisible();
    expect((await context.cookies()).find((c) => c.name === "NEXT_LOCALE")?.value).toBe("fr");

    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(kpiValue(page, fr.kpis.events)).toHaveText(
      formatters("fr").integer(
        (await api.dashboard.kpis.query({ filter: await apiFilter() })).current.events,
      ),
    );
  });
});

test.describe("French, as an admin, from tablet to laptop widths", () => {
  test.use({ appLocale: "fr", role: "admin" });

  test("[I18N]: the header fits the window: every link and the sign-out button in view, no sideways scrolling", async ({
    page,
    t,
  }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    const nav = page.getByRole("navigation", { name: t.nav.main });
    const signOut = page.getByRole("button", { name: new RegExp(`^${t.auth.signOut}`) });
    for (const width of [768, 1024, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      for (const link of [t.nav.overview, t.nav.funnels, t.nav.journeys, t.nav.admin]) {
        await expect(nav.getByRole("link", { name: link })).toBeInViewport({ ratio: 1 });
      }
      await expect(signOut).toBeInViewport({ ratio: 1 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow at ${width} px`).toBe(0);
    }
  });
});
