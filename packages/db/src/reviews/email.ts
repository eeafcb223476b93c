import type { TEmailLocale } from "@parcours/validators";
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
  // Bounded waits, so that one send stays well within a delivery's 5-minute lease.
  const transport = createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
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
  /** The email's language (PARCOURS_EMAIL_LOCALE; default en). */
  locale?: EmailLocale;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The language of a review email (PARCOURS_EMAIL_LOCALE). */
export type EmailLocale = TEmailLocale;

/** A non-breaking space: French puts one before : ; ! ? and inside « ». */
const NB = "\u00a0";

/** Every word of the email, in English and French. */
const WORDS = {
  en: {
    review: (manual: boolean) => (manual ? "Review" : "Scheduled review"),
    of: (name: string) => `of “${name}”`,
    colon: ":",
    alerts: (n: number) => `${n} alert${n > 1 ? "s" : ""}`,
    late: " (late: no server was running when it was due)",
    alertsTitle: "Alerts",
    noAlerts: "None.",
    atLeast: "at least",
    atMost: "at most",
    noData: "no data",
    crossed: (met: boolean, target: string) =>
      `${met ? "now meets" : "now misses"} its target (${target})`,
    satisfactionFell: (before: string, after: string, threshold: number, t: string) =>
      `satisfaction fell from ${before} to ${after} (more than ${t} point${threshold === 1 ? "" : "s"})`,
    metricsTitle: "Stage metrics",
    noMetrics: "No stage metric is measured.",
    before: "before",
    target: "target",
    status: { met: "met", missed: "missed", no_data: "no data" },
    newPain: "New pain points",
    resolvedPain: "Resolved pain points",
    lowSatisfaction: (mean: string, n: number) => `low satisfaction (${mean} from ${n} ratings)`,
    dropOff: (share: string, stage: string) =>
      `drop-off (${share} go on, against ${stage} for the stage)`,
    commentsTitle: "Comments added",
    comment: (opportunity: boolean, author: string) =>
      `${opportunity ? "Opportunity" : "Comment"} by ${author || "someone"}`,
    threadsResolved: (n: number) => `${n} thread${n > 1 ? "s" : ""} resolved`,
    noComments: "None since the previous review.",
    open: "Open the review",
    footer: "You receive this because you subscribed to this view's reviews by email in Parcours.",
  },
  fr: {
    review: (manual: boolean) => (manual ? "Revue" : "Revue planifiée"),
    of: (name: string) => `de «${NB}${name}${NB}»`,
    colon: `${NB}:`,
    alerts: (n: number) => `${n} alerte${n > 1 ? "s" : ""}`,
    late: ` (en retard${NB}: aucun serveur ne tournait à l’heure prévue)`,
    alertsTitle: "Alertes",
    noAlerts: "Aucune.",
    atLeast: "au moins",
    atMost: "au plus",
    noData: "sans données",
    crossed: (met: boolean, target: string) =>
      `${met ? "atteint désormais" : "manque désormais"} son objectif (${target})`,
    satisfactionFell: (before: string, after: string, threshold: number, t: string) =>
      `la satisfaction est passée de ${before} à ${after} (baisse de plus de ${t} point${threshold > 1 ? "s" : ""})`,
    metricsTitle: "Indicateurs d’étape",
    noMetrics: "Aucun indicateur d’étape n’est mesuré.",
    before: "avant",
    target: "objectif",
    status: { met: "atteint", missed: "manqué", no_data: "sans données" },
    newPain: "Nouveaux points de friction",
    resolvedPain: "Points de friction résolus",
    lowSatisfaction: (mean: string, n: number) =>
      `satisfaction faible (${mean} sur ${n} note${n > 1 ? "s" : ""})`,
    dropOff: (share: string, stage: string) =>
      `abandon (${share} continuent, contre ${stage} pour l’étape)`,
    commentsTitle: "Commentaires ajoutés",
    comment: (opportunity: boolean, author: string) =>
      `${opportunity ? "Opportunité" : "Commentaire"} de ${author || "quelqu’un"}`,
    threadsResolved: (n: number) => `${n} fil${n > 1 ? "s" : ""} résolu${n > 1 ? "s" : ""}`,
    noComments: "Aucun depuis la revue précédente.",
    open: "Ouvrir la revue",
    footer:
      "Vous recevez ce message parce que vous êtes abonné(e) par e-mail aux revues de cette vue dans Parcours.",
  },
} satisfies Record<EmailLocale, unknown>;

interface Section {
  title: string;
  lines: string[];
}

function sections(input: ReviewEmailInput): Section[] {
  const { changes } = input;
  const locale = input.locale ?? "en";
  const w = WORDS[locale];
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const valueText = (kind: string | undefined, value: number | null): string => {
    if (value === null) return w.noData;
    switch (kind) {
      case "ratio":
      case "repeat":
        return percent.format(value);
      case "time":
        return `${number.format(value / 3600)}${NB}h`;
      default:
        return number.format(value);
    }
  };
  const kindOf = (stage: string, metric: string) =>
    input.stageMetrics?.stages.find((s) => s.stage === stage)?.metrics.find((m) => m.key === metric)
      ?.kind;
  const stageName = (key: string) => changes.stages.find((s) => s.stage === key)?.name ?? key;
  const targetText = (stage: string, metric: string, t: { op: string; value: number }) =>
    `${t.op === "gte" ? w.atLeast : w.atMost} ${valueText(kindOf(stage, metric), t.value)}`;
  const where = (stage: string, what: string) => `${stageName(stage)} · ${what}${w.colon}`;

  const alerts = changes.alerts.map((a) =>
    a.kind === "target_crossed"
      ? `${where(a.stage, a.name)} ${valueText(kindOf(a.stage, a.metric), a.value)}, ${w.crossed(a.now === "met", targetText(a.stage, a.metric, a.target))}`
      : `${where(a.stage, a.touchpoint)} ${w.satisfactionFell(number.format(a.before), number.format(a.after), a.threshold, number.format(a.threshold))}`,
  );
  const metrics = changes.stageMetrics.map((m) => {
    const kind = kindOf(m.stage, m.metric);
    const target = m.target
      ? `, ${w.target} ${targetText(m.stage, m.metric, m.target)} (${w.status[m.statusAfter ?? "no_data"]})`
      : "";
    return `${where(m.stage, m.name)} ${valueText(kind, m.after)} (${w.before}${w.colon} ${valueText(kind, m.before)})${target}`;
  });
  const pain = (p: StoredReviewChanges["painPoints"]["new"][number]) =>
    p.kind === "low_satisfaction"
      ? `${where(p.stage, p.touchpoint)} ${w.lowSatisfaction(number.format(p.mean), p.n)}`
      : `${where(p.stage, p.touchpoint)} ${w.dropOff(percent.format(p.share), percent.format(p.stageShare))}`;
  const resolved = changes.comments.resolved;
  const comments = changes.comments.added.map(
    (c) =>
      `${w.comment(c.kind === "opportunity", c.authorName)}${w.colon} ${c.body.length > 200 ? `${c.body.slice(0, 199)}…` : c.body}`,
  );
  return [
    { title: w.alertsTitle, lines: alerts.length ? alerts : [w.noAlerts] },
    { title: w.metricsTitle, lines: metrics.length ? metrics : [w.noMetrics] },
    { title: w.newPain, lines: changes.painPoints.new.map(pain) },
    { title: w.resolvedPain, lines: changes.painPoints.resolved.map(pain) },
    {
      title: w.commentsTitle,
      lines:
        comments.length || resolved
          ? [...comments, ...(resolved ? [w.threadsResolved(resolved)] : [])]
          : [w.noComments],
    },
  ].filter((s) => s.lines.length > 0);
}

/** The email of one review to one subscriber. */
export function reviewEmail(input: ReviewEmailInput): ReviewEmailMessage {
  const w = WORDS[input.locale ?? "en"];
  const when = input.dueAt.toISOString().slice(0, 16).replace("T", " ");
  const kind = w.review(input.manual);
  const late = input.late ? w.late : "";
  const alertCount = input.changes.alerts.length;
  const subject = `${kind} ${w.of(input.viewName)}${alertCount ? `${w.colon} ${w.alerts(alertCount)}` : ""}`;
  const parts = sections(input);
  const intro = `${kind} ${w.of(input.viewName)}, ${when} UTC${late}.`;
  const text = [
    intro,
    "",
    ...parts.flatMap((s) => [s.title, ...s.lines.map((l) => `- ${l}`), ""]),
    `${w.open}${w.colon} ${input.url}`,
    "",
    w.footer,
  ].join("\n");
  const html = [
    `<!doctype html><html lang="${input.locale ?? "en"}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">`,
    `<p>${escapeHtml(intro)}</p>`,
    ...parts.map(
      (s) =>
        `<h2 style="font-size:1.05em;margin:1em 0 .3em">${escapeHtml(s.title)}</h2><ul>${s.lines
          .map((l) => `<li>${escapeHtml(l)}</li>`)
          .join("")}</ul>`,
    ),
    `<p><a href="${escapeHtml(input.url)}">${escapeHtml(w.open)}</a></p>`,
    `<p style="color:#555;font-size:.9em">${escapeHtml(w.footer)}</p>`,
    "</body></html>",
  ].join("\n");
  return { to: input.to, subject, text, html };
}
