import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { api, apiAs, type TFunnelStep } from "./helpers/api";
import { apiFilter, catalogue } from "./helpers/filters";
import { expect, test } from "./helpers/fixtures";
import { messages, type TLocale } from "./helpers/locale";
import { chart, showTable } from "./helpers/page";

/** Figures that say what they mean (issue 20: items 1–6, 13, 14), in English and French. */

type TMetricsMessages = typeof import("../../web/messages/en/metrics.json");
type TJourneysMessages = typeof import("../../web/messages/en/journeys.json");

/** One area's messages (apps/web/messages/<locale>/<area>.json) in either language. */
function area<T>(locale: TLocale, name: string): T {
  const url = new URL(`../../web/messages/${locale}/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as T;
}

/** The text before an ICU message's first argument: what a test can look for in any case. */
function head(message: string): string {
  return message.split("{")[0] ?? message;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/numbers-${name}.png`, fullPage: true });
}

for (const appLocale of ["en", "fr"] as const) {
  test.describe(`numbers (${appLocale})`, () => {
    test.use({ appLocale });
    const t = messages(appLocale);
    const tm = area<TMetricsMessages>(appLocale, "metrics");
    const tj = area<TJourneysMessages>(appLocale, "journeys");

    test(`[NUMBERS ${appLocale}]: conversion and median time are named apart and defined where shown`, async ({
      page,
    }) => {
      await page.goto("/?period=90d");
      const kpiLabel = page.getByTestId("kpi-card").getByText(t.kpis.conversionRate, {
        exact: true,
      });
      await expect(kpiLabel).toBeVisible();
      expect(t.kpis.conversionRate).not.toBe(t.funnel.conversionOverall);
      expect(t.funnel.medianTime).not.toBe(t.funnel.p90Time);
      const kpiDefinition = page.getByTestId("kpi-conversion-definition");
      await kpiDefinition.getByText(tm.howComputed).click();
      await expect(kpiDefinition).toContainText(head(tm.kpiConversion));
      const funnel = chart(page, t.funnel.title);
      const funnelDefinition = funnel.getByTestId("funnel-definition");
      await funnelDefinition.getByText(tm.howComputed).click();
      await expect(funnelDefinition).toContainText(head(tm.funnel));
      const table = await showTable(funnel, t.chart);
      await expect(table.getByRole("columnheader", { name: t.funnel.medianTime })).toBeVisible();
      await screenshot(page, `definitions-${appLocale}`);
    });

    test(`[NUMBERS ${appLocale}]: unknown persona and channel keys in the URL are named and not counted as selected`, async ({
      page,
    }) => {
      await page.goto("/?period=30d&persona=archived-ghost&channel=web,fax");
      const note = page.getByTestId("unknown-filter-keys");
      await expect(note).toContainText("“archived-ghost”");
      await expect(note).toContainText("“fax”");
      const cat = await catalogue();
      const web = cat.channels.find((c) => c.key === "web")?.name ?? "web";
      await expect(note).toContainText(web);
      // The persona select counts nothing: the unknown key is not applied.
      await expect(
        page.getByRole("button", { name: `${t.filters.personas}: ${t.filters.all}`, exact: true }),
      ).toBeVisible();
      await expect(
        page.getByRole("button", { name: `${t.filters.channels}: ${web}`, exact: true }),
      ).toBeVisible();
      // Server-rendered: a click before hydration is lost, so click until it takes; a click
      // that took may need longer than one try to re-render without the note, so the next try
      // clicks only while the note is still there.
      await expect(async () => {
        if ((await note.count()) > 0) {
          await note.getByRole("button", { name: tm.unknownKeys.remove }).click({ timeout: 2_000 });
        }
        await expect(note).toHaveCount(0, { timeout: 5_000 });
      }).toPass();
      await expect(page).toHaveURL(/channel=web(&|$)/);
      expect(page.url()).not.toContain("persona=");
    });

    test(`[NUMBERS ${appLocale}]: a channel filter says what it does to the journey`, async ({
      page,
    }) => {
      const cat = await catalogue();
      const web = cat.channels.find((c) => c.key === "web");
      if (!web) throw new Error("the demo catalogue has no web channel");
      const off = cat.stages
        .filter((s) => !cat.touchpoints.some((tp) => tp.stage === s.key && tp.channel === "web"))
        .map((s) => s.name);
      expect(off.length).toBeGreaterThan(0);
      await page.goto("/?period=90d&channel=web");
      const note = chart(page, t.funnel.title).getByTestId("channel-scope-note");
      await expect(note).toContainText(web.name);
      for (const name of off) await expect(note).toContainText(name);
      await page.goto("/?period=90d");
      await expect(chart(page, t.funnel.title).getByTestId("channel-scope-note")).toHaveCount(0);
    });

    test(`[NUMBERS ${appLocale}]: conversion over time shades incomplete cohorts and uses ISO weeks`, async ({
      page,
    }) => {
      const cat = await catalogue();
      const steps = cat.stages.map((s): TFunnelStep => ({ kind: "stage", key: s.key }));
      const filter = await apiFilter({ period: "90d" });
      const weekly = await api.funnels.overTime.query({
        filter,
        steps,
        windowSeconds: 30 * 86_400,
        bucket: "week",
      });
      // ISO weeks: every bucket starts on a Monday at midnight UTC.
      for (const b of weekly.buckets) {
        expect(b.start.getUTCDay()).toBe(1);
        expect(b.start.getUTCHours()).toBe(0);
      }
      // The last 30 days' cohorts are not complete yet; the oldest are.
      expect(weekly.buckets.at(-1)?.complete).toBe(false);
      expect(weekly.buckets[0]?.complete).toBe(true);
      const first = weekly.buckets[0];
      if (!first) throw new Error("no bucket");
      expect(first.partial).toBe(first.from.getTime() > first.start.getTime());

      await page.goto("/funnels?period=90d&bucket=week");
      const card = chart(page, t.overTime.title);
      const note = card.getByTestId("incomplete-note");
      await expect(note).toContainText(head(tm.overTime.note));
      // The shaded band is drawn in the chart.
      await expect(card.locator(".recharts-reference-area")).toHaveCount(1);
      await screenshot(page, `over-time-${appLocale}`);
      const table = await showTable(card, t.chart);
      const rows = table.locator("tbody tr");
      await expect(rows).toHaveCount(weekly.buckets.length);
      await expect(rows.last()).toContainText(tm.overTime.statusIncomplete);
      await expect(rows.first()).toContainText(tm.overTime.statusComplete);
    });

    test(`[NUMBERS ${appLocale}]: the journey map compares with one sign and a matching colour; shares hide comments unless asked`, async ({
      page,
      browser,
    }) => {
      const manager = apiAs("manager");
      const view = await manager.views.create.mutate({
        name: `Numbers ${appLocale} ${Date.now()}`,
        visibility: "team",
        period: { kind: "relative", days: 90 },
      });
      await manager.views.annotate.mutate({
        viewId: view.id,
        target: { kind: "view" },
        body: "Internal: do not show the board",
      });
      await page.goto(`/journeys/${view.id}`);
      await page.getByRole("checkbox", { name: tj.map.compare }).check();
      // The comparison's "(±x)" figures; the pain points' trends are checked below, by measure.
      const changes = page.locator("[data-tone]:not([data-testid^='pain-point-trend'])");
      await expect(changes.first()).toBeVisible();
      const shown = await changes.evaluateAll((spans) =>
        spans.map((s) => ({
          tone: s.getAttribute("data-tone"),
          text: s.textContent?.trim() ?? "",
        })),
      );
      expect(shown.length).toBeGreaterThan(0);
      for (const { tone, text } of shown) {
        expect(text).not.toMatch(/[-−]\+|\+[-−]/);
        if (tone === "positive") expect(text).toMatch(/^\(\+/);
        if (tone === "negative") expect(text).toMatch(/^\([-−]/);
        if (tone === "neutral") expect(text).not.toMatch(/^\([-−+]/);
      }
      // A pain point's trend: more customers lost is worse (red), a higher rating better (green).
      const trends = await page.locator("[data-testid^='pain-point-trend-']").evaluateAll((spans) =>
        spans.map((s) => ({
          measure: s.getAttribute("data-testid"),
          tone: s.getAttribute("data-tone"),
          text: s.textContent?.trim() ?? "",
        })),
      );
      for (const { measure, tone, text } of trends) {
        expect(text).not.toMatch(/[-−]\+|\+[-−]/);
        // "+18 customers lost", "rating −0.3": the change's own sign.
        const sign = text.match(/(?:^|\s)([+−-])\d/)?.[1];
        const rose = sign === "+";
        const fell = sign === "-" || sign === "−";
        if (tone === "neutral") expect(rose || fell).toBe(false);
        else if (measure === "pain-point-trend-lost") {
          expect(tone).toBe(rose ? "negative" : "positive");
        } else expect(tone).toBe(rose ? "positive" : "negative");
      }
      await page.getByTestId("journey-definition").getByText(tm.howComputed).click();
      await expect(page.getByTestId("journey-definition")).toContainText(head(tm.journey));
      await screenshot(page, `journey-compare-${appLocale}`);

      // Share links: no comments by default; with names only when chosen.
      const comments = page.getByTestId("share-comments");
      await expect(comments.getByRole("radio", { name: tm.shareComments.none })).toBeChecked();
      // Someone without a session: the share page speaks their browser's language.
      const stranger = await browser.newContext({
        viewport: { width: 1440, height: 1000 },
        locale: appLocale === "fr" ? "fr-FR" : "en-GB",
      });
      const shareUrl = page.getByTestId("share-url");
      const createLink = async (): Promise<Page> => {
        const before = (await shareUrl.count()) > 0 ? await shareUrl.textContent() : null;
        await page.getByRole("button", { name: tj.share.create, exact: true }).click();
        await expect(shareUrl).not.toHaveText(before ?? "");
        const shared = await stranger.newPage();
        await shared.goto((await shareUrl.textContent()) ?? "");
        await expect(shared.getByRole("heading", { level: 1, name: view.name })).toBeVisible();
        return shared;
      };
      const hidden = await createLink();
      await expect(hidden.getByText("Internal: do not show the board")).toHaveCount(0);
      await expect(hidden.getByTestId("note-thread")).toHaveCount(0);
      await comments.getByRole("radio", { name: tm.shareComments.anonymous }).check();
      const anonymous = await createLink();
      await expect(page.getByTestId("share-link").first()).toContainText(
        tm.shareComments.anonymous,
      );
      await expect(anonymous.getByTestId("note-thread")).toContainText(
        "Internal: do not show the board",
      );
      await expect(anonymous.getByTestId("note-thread")).toContainText(
        tm.shareComments.anonymousAuthor,
      );
      await screenshot(anonymous, `share-anonymous-${appLocale}`);
      await stranger.close();
    });
  });
}
