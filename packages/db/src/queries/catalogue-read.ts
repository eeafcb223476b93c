import type { TStageMetric } from "@parcours/validators";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { channels, stages } from "../schema";

/** The catalogue as the admin edits it: stages, channels and touchpoints with their event counts. */
export interface AdminCatalogue {
  stages: {
    key: string;
    name: string;
    goal: string;
    actions: string[];
    position: number;
    isConversion: boolean;
    metrics: TStageMetric[];
    events: number;
  }[];
  channels: { key: string; name: string }[];
  touchpoints: {
    key: string;
    name: string;
    channel: string;
    stage: string;
    events: number;
    /** Created by ingestion for an unknown key: waiting for an admin to name and place it. */
    autoCreated: boolean;
  }[];
}

export async function getCatalogueForAdmin(db: Database): Promise<AdminCatalogue> {
  const [stageRows, channelRows, touchpointRows, counts] = await Promise.all([
    db.select().from(stages).orderBy(stages.position, stages.id),
    db.select({ key: channels.key, name: channels.name }).from(channels).orderBy(channels.key),
    queryRows<{
      id: number;
      key: string;
      name: string;
      channel: string;
      stage: string;
      auto: boolean;
    }>(
      db,
      sql`SELECT t.id, t.key, t.name, c.key AS channel, s.key AS stage,
            t.auto_created_at IS NOT NULL AS auto
          FROM touchpoints t JOIN channels c ON c.id = t.channel_id JOIN stages s ON s.id = t.stage_id
          ORDER BY c.key, s.position, t.key`,
    ),
    // One scan of the events for every count (events has no index on either column).
    queryRows<{ touchpoint_id: number; stage_id: number; n: number }>(
      db,
      sql`SELECT touchpoint_id, stage_id, count(*)::int AS n FROM events
          GROUP BY touchpoint_id, stage_id`,
    ),
  ]);
  const byStage = new Map<number, number>();
  const byTouchpoint = new Map<number, number>();
  for (const c of counts) {
    byStage.set(c.stage_id, (byStage.get(c.stage_id) ?? 0) + c.n);
    byTouchpoint.set(c.touchpoint_id, (byTouchpoint.get(c.touchpoint_id) ?? 0) + c.n);
  }
  return {
    stages: stageRows.map((s) => ({
      key: s.key,
      name: s.name,
      goal: s.goal,
      actions: s.actions,
      position: s.position,
      isConversion: s.isConversion,
      metrics: s.metrics,
      events: byStage.get(s.id) ?? 0,
    })),
    channels: channelRows,
    touchpoints: touchpointRows.map((t) => ({
      key: t.key,
      name: t.name,
      channel: t.channel,
      stage: t.stage,
      events: byTouchpoint.get(t.id) ?? 0,
      autoCreated: t.auto,
    })),
  };
}
