import { api, type TFunnelStep } from "./helpers/api";
import { funnelRows, funnelSummary, personaLabel } from "./helpers/expected";
import { apiFilter, catalogue, stepName, stepParam } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { areaMessages } from "./helpers/locale";
import { chart, choose, showTable, tableHeaders, tableRows } from "./helpers/page";

const by =
  areaMessages<typeof import("../../web/messages/en/funnel-breakdown.json")>("funnel-breakdown");

const WINDOW_SECONDS = 30 * 24 * 60 * 60;

/** An ICU message with simple `{name}` arguments filled in. */
function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

test.describe("funnels page", () => {
  test("[FUNNELS]: choosing steps updates the URL and the chart; the persona breakdown draws one series per persona", async ({
    page,
    t,
    f,
  }) => {
    const cat = await catalogue();
    const filter = await apiFilter({ period: "30d" });
    const stages = cat.stages.map((s): TFunnelStep => ({ kind: "stage", key: s.key }));
    const conversion = cat.stages.find((s) => s.isConversion) ?? cat.stages[3];
    const touchpoint = cat.touchpoints.find((tp) => tp.stage === conversion?.key);
    if (stages.length < 4 || !touchpoint) throw new Error("the demo catalogue changed");
    // The first three stages, then a touchpoint of the conversion stage.
    const kept = stages.slice(0, 3);
    const steps: TFunnelStep[] = [...kept, { kind: "touchpoint", key: touchpoint.key }];

    await page.goto("/funnels");
    await expect(page.getByRole("heading", { level: 1, name: t.funnels.title })).toBeVisible();
    const builder = page.getByRole("list", { name: t.funnels.steps });
    const result = chart(page, t.funnels.resultTitle);
    await expect(builder.getByRole("listitem")).toHaveCount(stages.length);
    const initial = await api.funnels.build.query({
      filter,
      steps: stages,
      windowSeconds: WINDOW_SECONDS,
    });
    await expect(
      result.getByRole("img", {
        name: `${t.funnels.resultTitle}. ${await funnelSummary(initial.funnel, f)}`,
      }),
    ).toBeVisible();

    // Remove every stage after the third (last first), then add the touchpoint.
    for (let position = stages.length; position > kept.length; position--) {
      const step = stages[position - 1];
      if (!step) continue;
      const label = await stepName(step);
      await builder
        .getByRole("button", { name: fill(t.funnels.remove, { position, label }) })
        .click();
      await expect(builder.getByRole("listitem")).toHaveCount(position - 1);
    }
    await choose(
      page,
      t.funnels.newStep,
      fill(t.funnels.touchpointOption, { name: touchpoint.name }),
    );
    await page.getByRole("button", { name: t.funnels.addStep, exact: true }).click();
    await expect(builder.getByRole("listitem")).toHaveCount(steps.length);
    await expect(builder.getByRole("listitem").last()).toContainText(touchpoint.name);

    await expect
      .poll(() => new URL(page.url()).searchParams.get("steps"))
      .toBe(steps.map(stepParam).join(","));

    const built = await api.funnels.build.query({ filter, steps, windowSeconds: WINDOW_SECONDS });
    expect(built.funnel.steps.map((s) => s.customers)).not.toEqual(
      initial.funnel.steps.slice(0, steps.length).map((s) => s.customers),
    );
    await expect(
      result.getByRole("img", {
        name: `${t.funnels.resultTitle}. ${await funnelSummary(built.funnel, f)}`,
      }),
    ).toBeVisible();

    // Break down by persona: one series (legend entry, table column) per persona.
    await choose(page, by.label, by.persona);
    await expect.poll(() => new URL(page.url()).searchParams.get("breakdown")).toBe("true");
    const byPersona = await api.funnels.build.query({
      filter,
      steps,
      windowSeconds: WINDOW_SECONDS,
      breakdown: "persona",
    });
    const personas = byPersona.personas ?? [];
    expect(personas.length).toBeGreaterThan(1);
    const labels = personas.map((p) => personaLabel(p, t));
    await expect(result.getByTestId("chart-legend").getByRole("listitem")).toHaveText(labels);

    const table = await showTable(result, t.chart);
    const headers = await tableHeaders(table);
    expect(headers.slice(-labels.length)).toEqual(labels);
    const rows = await tableRows(table);
    expect(rows.map((row) => row.slice(0, 5))).toEqual(await funnelRows(built.funnel, f));
    expect(rows.map((row) => row.slice(-labels.length))).toEqual(
      steps.map((_, i) => personas.map((p) => f.integer(p.funnel.steps[i]?.customers ?? 0))),
    );
  });
});
