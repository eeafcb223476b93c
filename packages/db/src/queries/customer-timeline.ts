import { coded, MAX_TIMELINE_EVENTS } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { privacySettings } from "../schema";
import { type Actor, recordAudit } from "./audit";

/**
 * One customer's events, read from PostgreSQL (the system of record) on either metric engine:
 * a timeline is not an aggregate, and it should show an event the moment it is stored.
 */

export interface TimelineEvent {
  eventId: string;
  occurredAt: Date;
  touchpoint: { key: string; name: string };
  stage: { key: string; name: string };
  channel: { key: string; name: string };
  type: string;
  satisfaction: number | null;
  revenue: number | null;
  comment: string | null;
  properties: Record<string, unknown>;
  /** The first event, or one in another stage than the event before it. */
  stageChange: boolean;
}

export interface TimelineStage {
  key: string;
  name: string;
  /** The customer's first event in the stage, or null when never there. */
  firstAt: Date | null;
  events: number;
}

export interface CustomerTimeline {
  externalId: string;
  persona: { key: string; name: string; colour: string } | null;
  attributes: Record<string, unknown>;
  /** Every stage of the catalogue, in order, with when the customer first reached it. */
  stages: TimelineStage[];
  /** All of the customer's events. */
  total: number;
  /** In time order: every event, or the latest MAX_TIMELINE_EVENTS when there are more. */
  events: TimelineEvent[];
}

interface EventRow {
  event_id: string;
  occurred_at: Date | string;
  touchpoint_key: string;
  touchpoint_name: string;
  stage_key: string;
  stage_name: string;
  channel_key: string;
  channel_name: string;
  type: string;
  satisfaction: number | null;
  revenue: string | null;
  comment: string | null;
  properties: Record<string, unknown> | string;
}

/** The customer's timeline, or null when no customer has this external id. */
export async function getCustomerTimeline(
  db: Database,
  externalId: string,
): Promise<CustomerTimeline | null> {
  const [customer] = await queryRows<{
    id: number;
    external_id: string;
    attributes: Record<string, unknown> | string;
    persona_key: string | null;
    persona_name: string | null;
    persona_colour: string | null;
  }>(
    db,
    sql`SELECT c.id, c.external_id, c.attributes, p.key AS persona_key, p.name AS persona_name,
          p.colour AS persona_colour
        FROM customers c LEFT JOIN personas p ON p.id = c.persona_id AND p.archived_at IS NULL
        WHERE c.external_id = ${externalId}`,
  );
  if (!customer) return null;
  const perStage = await queryRows<{
    key: string;
    name: string;
    first_at: Date | string | null;
    events: number;
  }>(
    db,
    sql`SELECT s.key, s.name, min(e.occurred_at) AS first_at, count(e.event_id)::int AS events
        FROM stages s LEFT JOIN events e ON e.stage_id = s.id AND e.customer_id = ${customer.id}
        GROUP BY s.id, s.key, s.name, s.position
        ORDER BY s.position, s.id`,
  );
  // The latest events when there are too many to show: the most recent are the ones asked about.
  const rows = await queryRows<EventRow>(
    db,
    sql`SELECT * FROM (
          SELECT e.event_id, e.occurred_at, t.key AS touchpoint_key, t.name AS touchpoint_name,
            s.key AS stage_key, s.name AS stage_name, ch.key AS channel_key, ch.name AS channel_name,
            e.type, e.satisfaction, e.revenue::text AS revenue, e.comment, e.properties
          FROM events e
          JOIN touchpoints t ON t.id = e.touchpoint_id
          JOIN stages s ON s.id = e.stage_id
          JOIN channels ch ON ch.id = e.channel_id
          WHERE e.customer_id = ${customer.id}
          ORDER BY e.occurred_at DESC, e.event_id DESC
          LIMIT ${MAX_TIMELINE_EVENTS}) latest
        ORDER BY occurred_at, event_id`,
  );
  const [counted] = await queryRows<{ total: number }>(
    db,
    sql`SELECT count(*)::int AS total FROM events WHERE customer_id = ${customer.id}`,
  );
  let previousStage: string | null = null;
  const events = rows.map((row): TimelineEvent => {
    const stageChange = row.stage_key !== previousStage;
    previousStage = row.stage_key;
    return {
      eventId: row.event_id,
      occurredAt: new Date(row.occurred_at),
      touchpoint: { key: row.touchpoint_key, name: row.touchpoint_name },
      stage: { key: row.stage_key, name: row.stage_name },
      channel: { key: row.channel_key, name: row.channel_name },
      type: row.type,
      satisfaction: row.satisfaction,
      revenue: row.revenue === null ? null : Number(row.revenue),
      comment: row.comment,
      properties: json(row.properties),
      stageChange,
    };
  });
  return {
    externalId: customer.external_id,
    persona:
      customer.persona_key && customer.persona_name && customer.persona_colour
        ? {
            key: customer.persona_key,
            name: customer.persona_name,
            colour: customer.persona_colour,
          }
        : null,
    attributes: json(customer.attributes),
    stages: perStage.map((s) => ({
      key: s.key,
      name: s.name,
      firstAt: s.first_at === null ? null : new Date(s.first_at),
      events: s.events,
    })),
    total: counted?.total ?? 0,
    events,
  };
}

function json(value: Record<string, unknown> | string): Record<string, unknown> {
  return typeof value === "string" ? (JSON.parse(value) as Record<string, unknown>) : value;
}

/** External ids starting with `prefix` (case-sensitive, as stored), for the search box. */
export async function searchCustomers(db: Database, prefix: string, limit = 10): Promise<string[]> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await queryRows<{ external_id: string }>(
    db,
    sql`SELECT external_id FROM customers WHERE external_id LIKE ${pattern}
        ORDER BY external_id COLLATE "C" LIMIT ${limit}`,
  );
  return rows.map((r) => r.external_id);
}

export interface PrivacySettings {
  /** Viewers may open drill-down lists and customer timelines. */
  viewersSeeCustomers: boolean;
}

export async function getPrivacySettings(db: Database): Promise<PrivacySettings> {
  const [row] = await db
    .select({ viewersSeeCustomers: privacySettings.viewersSeeCustomers })
    .from(privacySettings);
  return { viewersSeeCustomers: row?.viewersSeeCustomers ?? false };
}

export async function setPrivacySettings(
  db: Database,
  actor: Actor,
  settings: PrivacySettings,
): Promise<PrivacySettings> {
  return db.transaction(async (tx) => {
    const before = await getPrivacySettings(tx);
    if (before.viewersSeeCustomers === settings.viewersSeeCustomers) return before;
    await tx
      .insert(privacySettings)
      .values({ id: 1, ...settings })
      .onConflictDoUpdate({
        target: privacySettings.id,
        set: { ...settings, updatedAt: sql`now()` },
      });
    await recordAudit(tx, actor, {
      action: "privacy.settings",
      entityType: "privacy",
      entityId: 1,
      message: coded("auditPrivacy", { viewers: settings.viewersSeeCustomers ? "yes" : "no" }),
      before,
      after: settings,
    });
    return settings;
  });
}
