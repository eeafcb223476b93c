import { createTransport } from "nodemailer";
import type { StageMetrics } from "../metrics/stage-metrics";
import type { Jsonified, StoredReviewChanges } from "./types";

/*
 * A review by email (issue 18 item 3): a plain-text and a simple HTML part with, in this order,
 * the alerts, the stage metrics against their targets, new and resolved pain points, comments
 * added, and the link to the review page. Sent over SMTP (nodemailer) when SMTP_URL is set.
 */

export interface ReviewEmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What sends a message: SMTP in the app, anything that records it in a test. */
export interface ReviewMailer {
  send(message: ReviewEmailMessage): Promise<void>;
  close(): void;
}

export const DEFAULT_SMTP_FROM = "Parcours <parcours@localhost>";

/** A mailer over SMTP: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function smtpMailer(url: string, from: string = DEFAULT_SMTP_FROM): ReviewMailer {
  const transport = createTransport(url);
  return {
    send: async (message) => {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}

export interface ReviewEmailInput {
  to: string;
  viewName: string;
  dueAt: Date;
  late: boolean;
  manual: boolean;
  url: string;
  changes: StoredReviewChanges;
  /** The snapshot's stage metrics, for each metric's kind (a share shows as %). */
  stageMetrics: Jsonified<StageMetrics> | null;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const number = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

function valueText(kind: string | undefined, value: number | null): string {
  if (value === null) return "no data";
  switch (kind) {
    case "ratio":
    case "repeat":
      return percent.format(value);
    case "time":
      return `${number.format(value / 3600)} h`;
    default:
      return number.format(value);
  }
}

interface Section {
  title: string;
  lines: string[];
}

function sections(input: ReviewEmailInput): Section[] {
  const { changes } = input;
  const kindOf = (stage: string, metric: string) =>
    input.stageMetrics?.stages.find((s) => s.stage === stage)?.metrics.find((m) => m.key === metric)
      ?.kind;
  const stageName = (key: string) => changes.stages.find((s) => s.stage === key)?.name ?? key;
  const targetText = (stage: string, metric: string, t: { op: string; value: number } | null) =>
    t
      ? `${t.op === "gte" ? "at least" : "at most"} ${valueText(kindOf(stage, metric), t.value)}`
      : "";

  const alerts = changes.alerts.map((a) =>
    a.kind === "target_crossed"
      ? `${stageName(a.stage)} · ${a.name}: ${valueText(kindOf(a.stage, a.metric), a.value)}, ${a.now === "met" ? "now meets" : "now misses"} its target (${targetText(a.stage, a.metric, a.target)})`
      : `${stageName(a.stage)} · ${a.touchpoint}: satisfaction fell from ${number.format(a.before)} to ${number.format(a.after)} (more than ${number.format(a.threshold)} point${a.threshold === 1 ? "" : "s"})`,
  );
  const metrics = changes.stageMetrics.map((m) => {
    const kind = kindOf(m.stage, m.metric);
    const status =
      m.statusAfter === "met" ? "met" : m.statusAfter === "missed" ? "missed" : "no data";
    const target = m.target
      ? `, target ${targetText(m.stage, m.metric, m.target)} (${status})`
      : "";
    return `${stageName(m.stage)} · ${m.name}: ${valueText(kind, m.after)} (before: ${valueText(kind, m.before)})${target}`;
  });
  const pain = (p: StoredReviewChanges["painPoints"]["new"][number]) =>
    p.kind === "low_satisfaction"
      ? `${stageName(p.stage)} · ${p.touchpoint}: low satisfaction (${number.format(p.mean)} from ${p.n} ratings)`
      : `${stageName(p.stage)} · ${p.touchpoint}: drop-off (${percent.format(p.share)} go on, against ${percent.format(p.stageShare)} for the stage)`;
  const resolved = changes.comments.resolved;
  const comments = changes.comments.added.map(
    (c) =>
      `${c.kind === "opportunity" ? "Opportunity" : "Comment"} by ${c.authorName || "someone"}: ${c.body.length > 200 ? `${c.body.slice(0, 199)}…` : c.body}`,
  );
  return [
    { title: "Alerts", lines: alerts.length ? alerts : ["None."] },
    { title: "Stage metrics", lines: metrics.length ? metrics : ["No stage metric is measured."] },
    { title: "New pain points", lines: changes.painPoints.new.map(pain) },
    { title: "Resolved pain points", lines: changes.painPoints.resolved.map(pain) },
    {
      title: "Comments added",
      lines:
        comments.length || resolved
          ? [
              ...comments,
              ...(resolved ? [`${resolved} thread${resolved > 1 ? "s" : ""} resolved`] : []),
            ]
          : ["None since the previous review."],
    },
  ].filter((s) => s.lines.length > 0);
}

/** The email of one review to one subscriber. */
export function reviewEmail(input: ReviewEmailInput): ReviewEmailMessage {
  const when = input.dueAt.toISOString().slice(0, 16).replace("T", " ");
  const kind = input.manual ? "Review" : "Scheduled review";
  const late = input.late ? " (late: no server was running when it was due)" : "";
  const alertCount = input.changes.alerts.length;
  const subject = `${kind} of “${input.viewName}”${alertCount ? `: ${alertCount} alert${alertCount > 1 ? "s" : ""}` : ""}`;
  const parts = sections(input);
  const intro = `${kind} of “${input.viewName}”, ${when} UTC${late}.`;
  const text = [
    intro,
    "",
    ...parts.flatMap((s) => [s.title, ...s.lines.map((l) => `- ${l}`), ""]),
    `Open the review: ${input.url}`,
    "",
    "You receive this because you subscribed to this view's reviews by email in Parcours.",
  ].join("\n");
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">`,
    `<p>${escapeHtml(intro)}</p>`,
    ...parts.map(
      (s) =>
        `<h2 style="font-size:1.05em;margin:1em 0 .3em">${escapeHtml(s.title)}</h2><ul>${s.lines
          .map((l) => `<li>${escapeHtml(l)}</li>`)
          .join("")}</ul>`,
    ),
    `<p><a href="${escapeHtml(input.url)}">Open the review</a></p>`,
    `<p style="color:#555;font-size:.9em">You receive this because you subscribed to this view's reviews by email in Parcours.</p>`,
    "</body></html>",
  ].join("\n");
  return { to: input.to, subject, text, html };
}
