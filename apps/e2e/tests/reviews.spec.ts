import { dueTimes } from "@parcours/db/reviews/schedule";
import type { Page } from "@playwright/test";
import { apiAs } from "./helpers/api";
import { addSession } from "./helpers/auth";
import { expect, test } from "./helpers/fixtures";
import { areaMessages, setLocaleCookie } from "./helpers/locale";

// Issue 18 item 3: a view's regular reviews. A manager schedules them and asks for one now; the
// server's review loop takes it; a subscribed viewer finds it unread in the inbox, opens it (it
// is then read) and sees what it says and the map it froze. Every figure is read from the API.

const m = areaMessages<typeof import("../../web/messages/en/reviews.json")>("reviews");

/** The review loop takes a review asked for within seconds; the machine may be slow. */
const TAKEN_WITHIN = 90_000;

/** The browser's ICU formats as the app does in English (dateStyle full, in the zone). */
function nextInWords(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "full", timeStyle: "short", timeZone }).format(
    date,
  );
}

/** reviews.past.alertCount in English. */
function alertCount(n: number): string {
  return n === 0 ? "no alert" : n === 1 ? "1 alert" : `${n} alerts`;
}

async function pick(page: Page, label: string, option: string) {
  await page.getByRole("combobox", { name: label, exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

test.use({ role: "manager" });

test("[REVIEWS]: a manager schedules weekly reviews and asks for one now; a subscribed viewer finds it unread, opens it, and it is read; the page shows its changes and the frozen map", async ({
  page,
  browser,
  f,
}) => {
  test.setTimeout(240_000);
  const manager = apiAs("manager");
  const viewer = apiAs("viewer");
  const view = await manager.views.create.mutate({
    name: `Weekly review ${Date.now()}`,
    visibility: "team",
    period: { kind: "relative", days: 90 },
  });
  const unreadBefore = (await viewer.reviews.unreadCount.query()).count;

  // The viewer subscribes from the view's page.
  const viewerContext = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: "en-GB",
    timezoneId: "UTC",
  });
  await setLocaleCookie(viewerContext, "en");
  await addSession(viewerContext, "viewer");
  const viewerPage = await viewerContext.newPage();
  await viewerPage.goto(`/journeys/${view.id}`);
  const viewerPanel = viewerPage.getByTestId("reviews-panel");
  await expect(viewerPanel.getByText(m.subscription.notSubscribed)).toBeVisible();
  // Viewers neither schedule nor ask for a review.
  await expect(viewerPanel.getByRole("button", { name: m.now.button })).toHaveCount(0);
  await expect(viewerPanel.getByRole("button", { name: m.schedule.save })).toHaveCount(0);
  await viewerPanel.getByRole("button", { name: m.subscription.subscribe }).click();
  await expect(viewerPanel.getByText(m.subscription.subscribed)).toBeVisible();
  expect(await viewer.reviews.subscription.mine.query({ viewId: view.id })).toMatchObject({
    email: false,
  });

  // The manager sets a weekly schedule: Wednesdays at 09:00, Paris time, alert on a 0.5 drop.
  await page.goto(`/journeys/${view.id}`);
  const panel = page.getByTestId("reviews-panel");
  await expect(panel.getByText(m.schedule.none)).toBeVisible();
  await pick(page, m.schedule.weekday, "Wednesday");
  await pick(page, m.schedule.hour, "09:00");
  await panel.getByLabel(m.schedule.timeZone).fill("Europe/Paris");
  await panel.getByLabel(m.schedule.threshold).fill("0.5");
  await panel.getByRole("button", { name: m.schedule.save }).click();
  await expect(panel.getByText(m.schedule.saved)).toBeVisible();
  const schedule = await manager.reviews.schedule.get.query({ viewId: view.id });
  expect(schedule).toMatchObject({
    cadence: "weekly",
    day: 3,
    hour: 9,
    timeZone: "Europe/Paris",
    satisfactionDrop: 0.5,
    enabled: true,
  });
  // The next review in words, in the schedule's zone.
  if (!schedule) throw new Error("no schedule stored");
  const next = dueTimes(schedule, new Date()).next;
  await expect(panel.getByTestId("review-next")).toContainText(nextInWords(next, "Europe/Paris"));

  // "Review now": pending, then taken by the server's loop.
  await panel.getByRole("button", { name: m.now.button }).click();
  await expect(panel.getByText(m.now.asked)).toBeVisible();
  const item = panel.getByTestId("review-list-item").first();
  await expect(item).toContainText(m.past.manual);
  await expect(item).toHaveAttribute("data-status", "ready", { timeout: TAKEN_WITHIN });
  const [listed] = await manager.reviews.list.query({ viewId: view.id });
  if (!listed) throw new Error("the review is not listed");
  expect(listed).toMatchObject({ manual: true, status: "ready" });
  await expect(item.getByTestId("review-alert-count")).toHaveText(alertCount(listed.alertCount));

  // The viewer's inbox: the review, unread and bold; the nav's badge counts it.
  await expect
    .poll(async () => (await viewer.reviews.unreadCount.query()).count)
    .toBe(unreadBefore + 1);
  await viewerPage.goto("/reviews");
  await expect(viewerPage.getByTestId("nav-reviews-unread")).toHaveText(String(unreadBefore + 1));
  const row = viewerPage.getByTestId("review-inbox-row").filter({ hasText: view.name });
  await expect(row).toHaveAttribute("data-unread", "true");
  await expect(row).toHaveCSS("font-weight", "600");
  await expect(row).toContainText(m.inbox.unread);

  // Opening it shows the review and marks it read.
  await row.getByRole("link").click();
  await viewerPage.waitForURL(`**/journeys/${view.id}/reviews/${listed.id}`);
  const review = await viewer.reviews.get.query({ reviewId: listed.id });
  if (!review.snapshot || !review.changes) throw new Error("the review has no figures");
  await expect(
    viewerPage.getByRole("heading", { level: 2, name: m.changes.firstTitle }),
  ).toBeVisible();
  for (const stage of review.changes.stages) {
    await expect(viewerPage.getByTestId(`review-stage-customers-${stage.stage}`)).toContainText(
      stage.customers.after === null ? "—" : f.integer(stage.customers.after),
    );
  }
  await expect
    .poll(async () => {
      const inbox = await viewer.reviews.inbox.query({ unreadOnly: false });
      return inbox.find((r) => r.reviewId === listed.id)?.readAt ?? null;
    })
    .not.toBeNull();
  await expect(viewerPage.getByTestId("nav-reviews-unread")).toHaveCount(
    unreadBefore === 0 ? 0 : 1,
  );

  // The map then: the stages and figures the snapshot froze, said to be frozen.
  const then = viewerPage.getByTestId("review-map-then");
  await expect(then.getByRole("heading", { level: 3 })).toContainText("frozen on");
  for (const stage of review.snapshot.map.stages) {
    // Stage names and goals as they were.
    await expect(then.locator("thead")).toContainText(stage.name);
    if (stage.goal) await expect(then.locator("thead")).toContainText(stage.goal);
    await expect(then.getByTestId(`kpi-customers-${stage.key}`)).toHaveText(
      f.integer(stage.customers),
    );
  }
  await expect(viewerPage.getByTestId("review-map-today")).toBeVisible();

  // Back in the inbox it reads as read.
  await viewerPage.goto("/reviews");
  await expect(
    viewerPage.getByTestId("review-inbox-row").filter({ hasText: view.name }),
  ).toHaveAttribute("data-unread", "false");
  await viewerContext.close();
});

test("[REVIEWS]: a second review says what moved since the first, and the switch shows the first's frozen map", async ({
  page,
  f,
}) => {
  test.setTimeout(240_000);
  const manager = apiAs("manager");
  const view = await manager.views.create.mutate({
    name: `Two reviews ${Date.now()}`,
    visibility: "team",
    period: { kind: "relative", days: 90 },
  });
  const ready = async (count: number) => {
    await expect
      .poll(
        async () =>
          (await manager.reviews.list.query({ viewId: view.id })).filter(
            (r) => r.status === "ready",
          ).length,
        { timeout: TAKEN_WITHIN },
      )
      .toBe(count);
  };
  await manager.reviews.reviewNow.mutate({ viewId: view.id });
  await ready(1);
  // Between the two reviews, an opportunity is noted on the view.
  const note = await manager.views.annotate.mutate({
    viewId: view.id,
    target: { kind: "view" },
    kind: "opportunity",
    body: `Shorter checkout ${Date.now()}`,
  });
  await manager.reviews.reviewNow.mutate({ viewId: view.id });
  await ready(2);
  const [second, first] = await manager.reviews.list.query({ viewId: view.id });
  if (!first || !second) throw new Error("two reviews expected");
  const detail = await manager.reviews.get.query({ reviewId: second.id });
  if (!detail.changes) throw new Error("the second review has no changes");
  expect(detail.changes.previous?.reviewId).toBe(first.id);

  await page.goto(`/journeys/${view.id}/reviews/${second.id}`);
  await expect(page.getByRole("heading", { level: 2, name: m.changes.sinceTitle })).toBeVisible();
  await expect(page.getByTestId("review-periods")).toContainText("The previous one, of");
  await expect(page.getByTestId("review-alert")).toHaveCount(detail.changes.alerts.length);
  // The comment added, with a link to its thread on the view.
  expect(detail.changes.comments.added.map((c) => c.id)).toContain(note.id);
  const comments = page.getByTestId("review-comments");
  await expect(comments).toContainText(note.body);
  for (const metric of detail.changes.stageMetrics) {
    await expect(
      page
        .getByTestId(`review-metric-${metric.stage}-${metric.metric}`)
        .getByTestId("review-metric-status"),
    ).toHaveAttribute("data-status", metric.statusAfter ?? "none");
  }

  // The switch: the first review's frozen map.
  const firstDetail = await manager.reviews.get.query({ reviewId: first.id });
  if (!firstDetail.snapshot) throw new Error("the first review has no snapshot");
  const firstWhen = new Intl.DateTimeFormat("en", { dateStyle: "long", timeStyle: "short" });
  await page.getByRole("combobox", { name: m.versions.pick }).click();
  // Newest first, as the list; each choice reads differently even within the same minute.
  const options = page.getByRole("option");
  await expect(options).toHaveCount(2);
  const labels = await options.allTextContents();
  expect(new Set(labels).size).toBe(2);
  await options.nth(1).click();
  const then = page.getByTestId("review-map-then");
  await expect(then.getByRole("heading", { level: 3 })).toContainText(
    firstWhen.format(first.dueAt),
  );
  const stage = firstDetail.snapshot.map.stages[0];
  if (!stage) throw new Error("no stage");
  await expect(then.getByTestId(`kpi-customers-${stage.key}`)).toHaveText(
    f.integer(stage.customers),
  );

  // The two maps side by side (or stacked) never widen the page.
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 1000 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
  }
  await page.setViewportSize({ width: 1440, height: 1000 });

  // The thread link leads to the note on the view, brought into view and focused.
  await comments
    .getByRole("link", { name: new RegExp(m.changes.openThread) })
    .first()
    .click();
  await page.waitForURL(`**/journeys/${view.id}#note-${note.id}`);
  await expect(page.locator(`#note-${note.id}`)).toBeFocused();
  await expect(page.locator(`#note-${note.id}`)).toContainText(note.body);
});

test("[REVIEWS]: a manager adds a webhook, sees its secret once, and deletes it; one on a private address fails, saying why", async ({
  page,
}) => {
  const manager = apiAs("manager");
  const view = await manager.views.create.mutate({
    name: `Hooked ${Date.now()}`,
    visibility: "team",
    period: { kind: "relative", days: 30 },
  });
  await page.goto(`/journeys/${view.id}`);
  const hooks = page.getByTestId("review-webhooks");
  await expect(hooks.getByText(m.webhooks.none)).toBeVisible();
  await hooks.getByLabel(m.webhooks.url).fill("https://hooks.example.test/parcours");
  await hooks.getByRole("button", { name: m.webhooks.add }).click();
  const dialog = page.getByRole("dialog", { name: m.webhooks.secretTitle });
  await expect(dialog.getByTestId("review-webhook-secret")).toHaveText(/^[0-9a-f]{64}$/);
  await dialog.getByRole("button", { name: m.webhooks.close }).first().click();
  await expect(dialog).toHaveCount(0);
  const listed = await manager.reviews.webhooks.list.query({ viewId: view.id });
  expect(listed.map((h) => h.url)).toEqual(["https://hooks.example.test/parcours"]);
  // The list never shows the secret again.
  const row = hooks.getByTestId("review-webhook");
  await expect(row).toContainText("https://hooks.example.test/parcours");
  await expect(row).toContainText(m.webhooks.neverDelivered);
  await row.getByRole("button", { name: /Delete the webhook/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: m.webhooks.delete }).click();
  await expect(hooks.getByText(m.webhooks.none)).toBeVisible();
  expect(await manager.reviews.webhooks.list.query({ viewId: view.id })).toEqual([]);

  // A webhook on a private address: the review's delivery fails at once, and the row says why.
  await manager.reviews.webhooks.create.mutate({ viewId: view.id, url: "http://10.9.9.9/hook" });
  await manager.reviews.reviewNow.mutate({ viewId: view.id });
  await expect
    .poll(
      async () =>
        (await manager.reviews.webhooks.list.query({ viewId: view.id }))[0]?.lastDelivery?.status,
      { timeout: TAKEN_WITHIN },
    )
    .toBe("failed");
  await page.reload();
  await expect(hooks.getByTestId("review-webhook")).toContainText(m.webhooks.status.failed);
  await expect(hooks.getByTestId("review-webhook-error")).toHaveText(
    "Last attempt: the webhook's host 10.9.9.9 is not a public address (private): webhooks are posted to public addresses only, unless PARCOURS_WEBHOOK_ALLOW lists it (docs/reviews.md)",
  );
});
