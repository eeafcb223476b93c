import { isoDay } from "@parcours/validators/period";
import type { Page } from "@playwright/test";
import { catalogue, stepParam } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { chart } from "./helpers/page";

// Issue 20, item 7: what the reader asked for (in the URL or typed) stays on screen as asked,
// with what is wrong said next to it; the page never measures something else in silence.

const DAY_MS = 86_400_000;
const daysAgo = (n: number) => isoDay(new Date(Date.now() - n * DAY_MS));

async function stageKeys(): Promise<string[]> {
  const stages = (await catalogue()).stages;
  if (stages.length < 4) throw new Error("the demo catalogue changed");
  return stages.map((s) => s.key);
}

const builder = (page: Page, name: string) => page.getByRole("list", { name });

async function shot(page: Page, name: string) {
  if (!process.env.UX_SHOTS) return;
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.screenshot({ path: `${process.env.UX_SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

test.describe("funnel input kept as asked", () => {
  test("[FUNNELS]: a one-step funnel link keeps its one step and says a funnel needs two", async ({
    page,
    t,
  }) => {
    const [first] = await stageKeys();
    const stage = (await catalogue()).stages[0];
    await page.goto(`/funnels?steps=${first}`);
    const list = builder(page, t.funnels.steps);
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(list.getByRole("listitem")).toContainText(stage?.name ?? "");
    await expect(page.getByTestId("funnel-step-problems")).toBeVisible();
    await expect(page.getByTestId("funnel-not-measured")).toHaveText(t.funnels.notMeasured);
    // No chart of the catalogue's stages stands in for the one step asked for.
    await expect(chart(page, t.funnels.resultTitle).getByRole("img")).toHaveCount(0);
    await expect(page.getByRole("region", { name: t.overTime.title })).toHaveCount(0);
  });

  test("[FUNNELS]: an unknown step stays in the list, flagged, until it is removed", async ({
    page,
    t,
  }) => {
    const keys = await stageKeys();
    const first = keys[0] ?? "";
    const last = keys[3] ?? "";
    await page.goto(`/funnels?steps=${first},no_such_stage,${last}`);
    const list = builder(page, t.funnels.steps);
    await expect(list.getByRole("listitem")).toHaveCount(3);
    const flagged = list.getByRole("listitem").nth(1);
    await expect(flagged).toContainText("no_such_stage");
    await expect(flagged).toContainText(t.funnels.stepUnknown);
    await expect(page.getByTestId("funnel-step-problems")).toContainText("“no_such_stage”");
    await expect(page.getByTestId("funnel-not-measured")).toBeVisible();
    await shot(page, "funnel-unknown-step");

    await flagged
      .getByRole("button", { name: /no_such_stage/ })
      .last()
      .click();
    await expect(list.getByRole("listitem")).toHaveCount(2);
    await expect
      .poll(() => new URL(page.url()).searchParams.get("steps"))
      .toBe([first, last].join(","));
    await expect(page.getByTestId("funnel-step-problems")).toHaveCount(0);
    await expect(chart(page, t.funnels.resultTitle).getByRole("img").first()).toBeVisible();
  });

  test("[FUNNELS]: a window out of range stays as written or typed, with the range next to it", async ({
    page,
    t,
  }) => {
    const window = page.getByLabel(t.funnels.window, { exact: true });

    await page.goto("/funnels?window=0");
    await expect(window).toHaveValue("0");
    await expect(window).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "“0”" })).toBeVisible();
    await expect(page.getByTestId("funnel-not-measured")).toBeVisible();

    await page.goto("/funnels?window=9999");
    await expect(window).toHaveValue("9999");
    await expect(page.getByTestId("funnel-not-measured")).toBeVisible();

    // Typed: kept as typed, not put back to 30, and the URL's window is left as it was.
    await page.goto("/funnels?window=14");
    await expect(chart(page, t.funnels.resultTitle).getByRole("img").first()).toBeVisible();
    await window.fill("5000");
    await window.press("Enter");
    await expect(window).toHaveValue("5000");
    await expect(window).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "“5000”" })).toBeVisible();
    await shot(page, "funnel-window-typed");
    expect(new URL(page.url()).searchParams.get("window")).toBe("14");
    await window.fill("21");
    await window.press("Enter");
    await expect.poll(() => new URL(page.url()).searchParams.get("window")).toBe("21");
    await expect(window).not.toHaveAttribute("aria-invalid", "true");
  });

  test("[FUNNELS]: the catalogue's steps still stand in when the link names none", async ({
    page,
    t,
  }) => {
    await page.goto("/funnels");
    const stages = (await catalogue()).stages;
    await expect(builder(page, t.funnels.steps).getByRole("listitem")).toHaveCount(
      Math.min(stages.length, 10),
    );
    await expect(page.getByTestId("funnel-step-problems")).toHaveCount(0);
    expect(stepParam({ kind: "stage", key: stages[0]?.key ?? "" })).toBe(stages[0]?.key);
  });
});

test.describe("custom period kept as asked", () => {
  test("[FILTERS]: a reversed range keeps both dates where they were typed and says so", async ({
    page,
    t,
  }) => {
    const later = daysAgo(10);
    const earlier = daysAgo(20);
    await page.goto(`/?period=custom&from=${later}&to=${earlier}`);
    const from = page.getByLabel(t.filters.from, { exact: true });
    const to = page.getByLabel(t.filters.to, { exact: true });
    await expect(from).toHaveValue(later);
    await expect(to).toHaveValue(earlier);
    await expect(from).toHaveAttribute("aria-invalid", "true");
    const search = page.getByRole("search", { name: t.filters.label });
    await expect(search.getByRole("alert")).toBeVisible();
    await shot(page, "period-reversed");

    // Editing From again: the field being edited shows what was typed, not the other bound.
    const later2 = daysAgo(5);
    // Server-rendered: typing before hydration is lost, so type until it takes.
    await expect(async () => {
      await from.fill(later2, { timeout: 2_000 });
      await expect
        .poll(() => new URL(page.url()).searchParams.get("from"), { timeout: 3_000 })
        .toBe(later2);
    }).toPass();
    await expect(from).toHaveValue(later2);
    await expect(to).toHaveValue(earlier);

    // Fixed: the problem goes away.
    await to.fill(daysAgo(1));
    await expect(search.getByRole("alert")).toHaveCount(0);
    await expect(from).not.toHaveAttribute("aria-invalid", "true");
  });

  test("[FILTERS]: a date that is not one is quoted back, not silently replaced", async ({
    page,
    t,
  }) => {
    await page.goto(`/?period=custom&from=banana&to=${daysAgo(3)}`);
    const search = page.getByRole("search", { name: t.filters.label });
    await expect(search.getByRole("alert")).toContainText("“banana”");
    await expect(page.getByLabel(t.filters.from, { exact: true })).toHaveValue("");
    await expect(page.getByLabel(t.filters.from, { exact: true })).toHaveAttribute(
      "aria-invalid",
      "true",
    );
  });
});

test.describe("kept input in French", () => {
  test.use({ appLocale: "fr" });
  test("[FUNNELS]: the window's problem is said in French", async ({ page, t }) => {
    await page.goto("/funnels?window=0");
    const alert = page.getByRole("alert").filter({ hasText: "0" }).first();
    await expect(alert).toContainText("saisissez un nombre entier de jours");
    await shot(page, "funnel-window-fr");
    await page.goto(`/?period=custom&from=${daysAgo(2)}&to=${daysAgo(9)}`);
    await expect(
      page.getByRole("search", { name: t.filters.label }).getByRole("alert"),
    ).toContainText("est postérieure");
    await shot(page, "period-reversed-fr");
  });
});
