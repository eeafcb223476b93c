import type { TStageMetric } from "@parcours/validators";
import { asc, isNull } from "drizzle-orm";
import type { Database } from "../client";
import { channels, personas, stages, touchpoints } from "../schema";

export interface CatalogueStage {
  id: number;
  key: string;
  name: string;
  position: number;
  goal: string;
  actions: string[];
  isConversion: boolean;
  /** Measured metrics and their targets (docs/metrics.md, "Stage metrics"). */
  metrics: TStageMetric[];
}
export interface CatalogueTouchpoint {
  id: number;
  key: string;
  name: string;
  channel: string;
  stage: string;
}
export interface CatalogueChannel {
  id: number;
  key: string;
  name: string;
}
export interface CataloguePersona {
  id: number;
  key: string;
  name: string;
  colour: string;
  priority: number;
  description: string;
  goals: string[];
  needs: string[];
  painPoints: string[];
}

export interface Catalogue {
  stages: CatalogueStage[];
  touchpoints: CatalogueTouchpoint[];
  channels: CatalogueChannel[];
  /** Active (not archived) personas, by priority. */
  personas: CataloguePersona[];
}

/** The stage/touchpoint/channel/persona catalogue, in display order. */
export async function getCatalogue(db: Database): Promise<Catalogue> {
  const [stageRows, channelRows, touchpointRows, personaRows] = await Promise.all([
    db.select().from(stages).orderBy(asc(stages.position), asc(stages.id)),
    db
      .select({ id: channels.id, key: channels.key, name: channels.name })
      .from(channels)
      .orderBy(asc(channels.key)),
    db.select().from(touchpoints).orderBy(asc(touchpoints.key)),
    db
      .select({
        id: personas.id,
        key: personas.key,
        name: personas.name,
        colour: personas.colour,
        priority: personas.priority,
        description: personas.description,
        goals: personas.goals,
        needs: personas.needs,
        painPoints: personas.painPoints,
      })
      .from(personas)
      .where(isNull(personas.archivedAt))
      .orderBy(asc(personas.priority), asc(personas.key)),
  ]);
  const stageKey = new Map(stageRows.map((s) => [s.id, s.key]));
  const channelKey = new Map(channelRows.map((c) => [c.id, c.key]));
  const stagePosition = new Map(stageRows.map((s) => [s.key, s.position]));
  const touchpointList = touchpointRows
    .map((t) => ({
      id: t.id,
      key: t.key,
      name: t.name,
      channel: channelKey.get(t.channelId) ?? "",
      stage: stageKey.get(t.stageId) ?? "",
    }))
    .sort(
      (a, b) =>
        (stagePosition.get(a.stage) ?? 0) - (stagePosition.get(b.stage) ?? 0) ||
        a.key.localeCompare(b.key),
    );
  return {
    stages: stageRows.map((s) => ({
      id: s.id,
      key: s.key,
      name: s.name,
      position: s.position,
      goal: s.goal,
      actions: s.actions,
      isConversion: s.isConversion,
      metrics: s.metrics,
    })),
    touchpoints: touchpointList,
    channels: channelRows,
    personas: personaRows,
  };
}

/** Catalogue keys to ids, as ingestion and seeding resolve events. */
export interface CatalogueIds {
  touchpoints: Map<string, { id: number; stageId: number; channelId: number }>;
  stages: Map<string, number>;
  channels: Map<string, number>;
}

export function catalogueIds(catalogue: Catalogue): CatalogueIds {
  const stages = new Map(catalogue.stages.map((s) => [s.key, s.id]));
  const channels = new Map(catalogue.channels.map((c) => [c.key, c.id]));
  return {
    touchpoints: new Map(
      catalogue.touchpoints.map((t) => [
        t.key,
        { id: t.id, stageId: stages.get(t.stage) ?? 0, channelId: channels.get(t.channel) ?? 0 },
      ]),
    ),
    stages,
    channels,
  };
}
