import { api, type TFunnelStep } from "./helpers/api";
import { funnelSummary } from "./helpers/expected";
import { apiFilter, catalogue, stepParam } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { chart, choose } from "./helpers/page";

const ex =
  areaMessages<typeof import("../../web/messages/en/funnel-exclusion.json")>("funnel-exclusion");
const WINDOW_SECONDS = 30 * 24 * 60 * 60;

/** An ICU message with simple `{name}` arguments filled in. */
function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

test.describe("funnel exclusions (issue 19 item 4)", () => {
  test("[FUNNELS]: a manager excludes a touchpoint before the last step: the URL keeps it, the chart shows the API's funnel with it, and removing it restores the funnel", async ({
    page,
    t,
    f,
  }) => {
    const cat = await catalogue();
    const filter = await apiFilter({ period: "30d" });
    const [first, second] = cat.stages;
    const conversion = cat.stages.find((s) => s.isConversion);
    if (!first || !second || !conversion) throw new Error("the demo catalogue changed");
    const steps: TFunnelStep[] = [
      { kind: "stage", key: first.key },
      { kind: "stage", key: second.key },
      { kind: "stage", key: conversion.key },
    ];
    const plain = await api.funnels.build.query({ filter, steps, windowSeconds: WINDOW_SECONDS });
    const last = plain.funnel.steps[2]?.customers ?? 0;
    // The first touchpoint whose exclusion before the last step drops someone there (else the
    // test would show nothing).
    let found: { name: string; key: string; funnel: typeof plain.funnel } | null = null;
    for (const tp of cat.touchpoints) {
      const built = await api.funnels.build.query({
        filter,
        steps: [
          ...steps.slice(0, 2),
          { kind: "stage", key: conversion.key, exclude: { touchpoints: [tp.key] } },
        ],
        windowSeconds: WINDOW_SECONDS,
      });
      if ((built.funnel.steps[2]?.customers ?? last) < last) {
        found = { name: tp.name, key: tp.key, funnel: built.funnel };
        break;
      }
    }
    if (!found) throw new Error("no touchpoint's exclusion changes the demo funnel");
    const excluded = found;
    const without = { funnel: found.funnel };

    await page.goto(`/funnels?steps=${steps.map(stepParam).join(",")}`);
    const result = chart(page, t.funnels.resultTitle);
    await expect(
      result.getByRole("img", {
        name: `${t.funnels.resultTitle}. ${await funnelSummary(plain.funnel, f)}`,
      }),
    ).toBeVisible();

    await choose(page, fill(ex.add, { previous: 2, position: 3 }), excluded.name);
    await expect
      .poll(() => new URL(page.url()).searchParams.get("steps"))
      .toBe(`${steps.map(stepParam).join(",")}~${excluded.key}`);
    const chips = page.getByRole("list", { name: fill(ex.label, { previous: 2 }) });
    await expect(chips.getByRole("listitem")).toHaveText([excluded.name]);
    // Under the chart (and in its table and CSV), the funnel says what it leaves out.
    await expect(result.getByTestId("funnel-exclusions-note")).toHaveText(
      fill(ex.summary, { position: 3, step: conversion.name, previous: 2, names: excluded.name }),
    );
    await expect(
      result.getByRole("img", {
        name: `${t.funnels.resultTitle}. ${await funnelSummary(without.funnel, f)}`,
      }),
    ).toBeVisible();

    await page
      .getByRole("button", {
        name: fill(ex.remove, { name: excluded.name, previous: 2, position: 3 }),
      })
      .click();
    await expect
      .poll(() => new URL(page.url()).searchParams.get("steps"))
      .toBe(steps.map(stepParam).join(","));
    await expect(result.getByTestId("funnel-exclusions-note")).toHaveCount(0);
    await expect(
      result.getByRole("img", {
        name: `${t.funnels.resultTitle}. ${await funnelSummary(plain.funnel, f)}`,
      }),
    ).toBeVisible();
  });
});
