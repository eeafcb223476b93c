import { describe, expect, it } from "vitest";
import { type ReviewEmailInput, reviewEmail } from "../../src/reviews/email";
import type { StoredReviewChanges } from "../../src/reviews/types";

/** One of each: a target crossed, a satisfaction drop, metrics, pain points, a comment. */
const CHANGES: StoredReviewChanges = {
  previous: {
    reviewId: 1,
    dueAt: "2026-01-05T08:00:00.000Z",
    period: { from: "2025-12-29T00:00:00.000Z", to: "2026-01-05T00:00:00.000Z" },
  },
  stages: [
    {
      stage: "purchase",
      name: "Purchase",
      customers: { before: 10, after: 12, change: 2 },
      conversionToNext: { before: null, after: null, change: null },
      satisfaction: { before: null, after: null, change: null },
    },
    {
      stage: "decision",
      name: "Decision",
      customers: { before: 20, after: 22, change: 2 },
      conversionToNext: { before: 0.5, after: 0.55, change: 0.05 },
      satisfaction: { before: 4, after: 3, change: -1 },
    },
  ],
  cells: [],
  stageMetrics: [
    {
      stage: "purchase",
      metric: "conversion",
      name: "Conversion rate",
      before: 0.35,
      after: 0.42,
      target: { op: "gte", value: 0.4 },
      statusBefore: "missed",
      statusAfter: "met",
    },
  ],
  painPoints: {
    new: [
      {
        kind: "low_satisfaction",
        stage: "decision",
        touchpoint: "store",
        mean: 2.25,
        n: 12,
        customersLost: null,
        revenueAtRisk: null,
        trend: null,
      },
    ],
    resolved: [
      {
        kind: "drop_off",
        stage: "decision",
        touchpoint: "app",
        share: 0.2,
        stageShare: 0.5,
        customers: 30,
        customersLost: 9,
        revenueAtRisk: null,
        trend: null,
      },
    ],
    ongoing: [],
  },
  comments: {
    added: [
      {
        id: 5,
        kind: "opportunity",
        target: { kind: "stage", stage: "decision" },
        body: "Queue <script>alert(1)</script> & wait",
        authorName: "Ana",
        createdAt: "2026-01-10T10:00:00.000Z",
      },
    ],
    resolved: 1,
  },
  alerts: [
    {
      kind: "target_crossed",
      stage: "purchase",
      metric: "conversion",
      name: "Conversion rate",
      value: 0.42,
      target: { op: "gte", value: 0.4 },
      now: "met",
    },
    {
      kind: "satisfaction_drop",
      stage: "decision",
      touchpoint: "store",
      before: 4,
      after: 2.25,
      threshold: 1,
    },
  ],
};

const URL = "https://parcours.example/journeys/7/reviews/42";

describe("a review's email", () => {
  const input: ReviewEmailInput = {
    to: "ana@example.com",
    viewName: "Store <journey>",
    dueAt: new Date("2026-01-12T08:00:00Z"),
    late: true,
    manual: false,
    url: URL,
    changes: CHANGES,
    stageMetrics: {
      from: "2026-01-05T00:00:00.000Z",
      to: "2026-01-12T00:00:00.000Z",
      stages: [
        {
          stage: "purchase",
          name: "Purchase",
          metrics: [
            {
              key: "conversion",
              name: "Conversion rate",
              kind: "ratio",
              value: 0.42,
              n: 100,
              target: { op: "gte", value: 0.4 },
              status: "met",
              previous: 0.35,
            },
          ],
        },
      ],
    },
  };
  const message = reviewEmail(input);

  it("says the alerts first, then metrics against targets, pain points, comments, the link", () => {
    expect(message.to).toBe("ana@example.com");
    expect(message.subject).toBe("Scheduled review of “Store <journey>”: 2 alerts");
    expect(message.text).toBe(
      [
        "Scheduled review of “Store <journey>”, 2026-01-12 08:00 UTC (late: no server was running when it was due).",
        "",
        "Alerts",
        "- Purchase · Conversion rate: 42%, now meets its target (at least 40%)",
        "- Decision · store: satisfaction fell from 4 to 2.25 (more than 1 point)",
        "",
        "Stage metrics",
        "- Purchase · Conversion rate: 42% (before: 35%), target at least 40% (met)",
        "",
        "New pain points",
        "- Decision · store: low satisfaction (2.25 from 12 ratings)",
        "",
        "Resolved pain points",
        "- Decision · app: drop-off (20% go on, against 50% for the stage)",
        "",
        "Comments added",
        "- Opportunity by Ana: Queue <script>alert(1)</script> & wait",
        "- 1 thread resolved",
        "",
        `Open the review: ${URL}`,
        "",
        "You receive this because you subscribed to this view's reviews by email in Parcours.",
      ].join("\n"),
    );
  });

  it("escapes what users wrote in the HTML part, and links to the review", () => {
    expect(message.html).toContain("Queue &lt;script&gt;alert(1)&lt;/script&gt; &amp; wait");
    expect(message.html).toContain("Store &lt;journey&gt;");
    expect(message.html).not.toContain("<script>");
    expect(message.html).toContain(`<a href="${URL}">Open the review</a>`);
    expect(message.html.indexOf("Alerts")).toBeLessThan(message.html.indexOf("Stage metrics"));
  });

  it("in French (PARCOURS_EMAIL_LOCALE=fr), with French typography", () => {
    const fr = reviewEmail({ ...input, locale: "fr" });
    const nb = "\u00a0";
    expect(fr.subject).toBe(`Revue planifiée de «${nb}Store <journey>${nb}»${nb}: 2 alertes`);
    expect(fr.text.split("\n").slice(0, 12)).toEqual([
      `Revue planifiée de «${nb}Store <journey>${nb}», 2026-01-12 08:00 UTC (en retard${nb}: aucun serveur ne tournait à l’heure prévue).`,
      "",
      "Alertes",
      `- Purchase · Conversion rate${nb}: 42${nb}%, atteint désormais son objectif (au moins 40${nb}%)`,
      `- Decision · store${nb}: la satisfaction est passée de 4 à 2,25 (baisse de plus de 1 point)`,
      "",
      "Indicateurs d’étape",
      `- Purchase · Conversion rate${nb}: 42${nb}% (avant${nb}: 35${nb}%), objectif au moins 40${nb}% (atteint)`,
      "",
      "Nouveaux points de friction",
      `- Decision · store${nb}: satisfaction faible (2,25 sur 12 notes)`,
      "",
    ]);
    expect(fr.text).toContain(`- 1 fil résolu`);
    expect(fr.text).toContain(`Ouvrir la revue${nb}: ${URL}`);
    expect(fr.html).toContain('<html lang="fr">');
  });
});
