import type { TCatalogueDocument } from "@parcours/validators";
import { coded } from "@parcours/validators";
import type { Database } from "../client";
import type { Actor } from "./audit";
import { createChannel, renameChannel } from "./catalogue-channels";
import { setConversionStage } from "./catalogue-conversion";
import { getCatalogueForAdmin } from "./catalogue-read";
import { createStage, reorderStages, setStageMetrics, updateStage } from "./catalogue-stages";
import { createTouchpoint, updateTouchpoint } from "./catalogue-touchpoints";
import { advanceDataVersion } from "./data-version";
import { DomainError } from "./errors";
import { archivePersona, createPersona, restorePersona, updatePersona } from "./persona-editor";
import { listPersonasForAdmin } from "./persona-read";

/*
 * The catalogue as one document (`parcours catalog export` / `apply`). Applying goes through
 * the admin pages' editor functions, so every change has the same history effects and audit
 * entry as if it had been clicked; they run as savepoints of one transaction, so a document
 * applies whole or not at all.
 */

/** The catalogue as it stands, in the document's shape (stages in funnel order). */
export async function exportCatalogue(db: Database): Promise<TCatalogueDocument> {
  const [catalogue, personas] = await Promise.all([
    getCatalogueForAdmin(db),
    listPersonasForAdmin(db),
  ]);
  return {
    version: 1,
    channels: catalogue.channels.map((c) => ({ key: c.key, name: c.name })),
    stages: catalogue.stages.map((s) => ({
      key: s.key,
      name: s.name,
      goal: s.goal,
      actions: s.actions,
      conversion: s.isConversion,
      metrics: s.metrics,
    })),
    touchpoints: catalogue.touchpoints.map((t) => ({
      key: t.key,
      name: t.name,
      channel: t.channel,
      stage: t.stage,
    })),
    personas: personas.map((p) => ({
      key: p.key,
      name: p.name,
      description: p.description,
      goals: p.goals,
      needs: p.needs,
      painPoints: p.painPoints,
      colour: p.colour,
      priority: p.priority,
      rules: p.rules,
      archived: p.archived,
    })),
  };
}

export interface KindChanges {
  added: string[];
  /** Key and the fields that change. */
  changed: { key: string; fields: string[] }[];
  archived: string[];
}

export interface CatalogueDiff {
  channels: KindChanges;
  /** `changed` includes the stage order (key "(order)", which no stage key can be) and the conversion stage. */
  stages: KindChanges;
  touchpoints: KindChanges;
  personas: KindChanges;
}

const none = (): KindChanges => ({ added: [], changed: [], archived: [] });

export function isEmptyDiff(diff: CatalogueDiff): boolean {
  return Object.values(diff).every(
    (k: KindChanges) => k.added.length + k.changed.length + k.archived.length === 0,
  );
}

/** JSON with object keys sorted: jsonb hands keys back in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function changedFields<T extends object>(before: T, after: T, fields: (keyof T & string)[]) {
  return fields.filter((f) => canonical(before[f]) !== canonical(after[f]));
}

/**
 * Stages, channels and touchpoints have events pointing at them and cannot be removed, from
 * the admin pages or here: a document that leaves one out is refused, naming it.
 */
function refuseRemovals(current: TCatalogueDocument, wanted: TCatalogueDocument): void {
  const problems = (["channels", "stages", "touchpoints"] as const).flatMap((kind) => {
    const keep = new Set(wanted[kind].map((x) => x.key));
    const gone = current[kind].filter((x) => !keep.has(x.key)).map((x) => x.key);
    return gone.length > 0 ? [`${kind}: ${gone.join(", ")}`] : [];
  });
  if (problems.length > 0) {
    throw new DomainError(
      "invalid",
      // The kinds are the document's own field names (channels, stages, touchpoints).
      coded("catalogueRemovals", { entries: problems.join("; ") }),
    );
  }
}

/** What applying `wanted` would change, per kind. */
export function diffCatalogue(
  current: TCatalogueDocument,
  wanted: TCatalogueDocument,
): CatalogueDiff {
  refuseRemovals(current, wanted);
  const diff: CatalogueDiff = {
    channels: none(),
    stages: none(),
    touchpoints: none(),
    personas: none(),
  };
  const byKey = <T extends { key: string }>(items: T[]) => new Map(items.map((i) => [i.key, i]));

  const channels = byKey(current.channels);
  for (const c of wanted.channels) {
    const before = channels.get(c.key);
    if (!before) diff.channels.added.push(c.key);
    else if (before.name !== c.name) diff.channels.changed.push({ key: c.key, fields: ["name"] });
  }

  const stages = byKey(current.stages);
  for (const s of wanted.stages) {
    const before = stages.get(s.key);
    if (!before) diff.stages.added.push(s.key);
    else {
      const fields = changedFields(before, s, ["name", "goal", "actions", "conversion", "metrics"]);
      if (fields.length > 0) diff.stages.changed.push({ key: s.key, fields });
    }
  }
  // New stages go last, so the order changes unless the kept ones are in place and new ones last.
  const order = wanted.stages.map((s) => s.key);
  const orderAfterAdding = [...current.stages.map((s) => s.key), ...diff.stages.added];
  if (order.join() !== orderAfterAdding.join()) {
    diff.stages.changed.push({ key: "(order)", fields: [order.join(" → ")] });
  }

  const touchpoints = byKey(current.touchpoints);
  for (const t of wanted.touchpoints) {
    const before = touchpoints.get(t.key);
    if (!before) diff.touchpoints.added.push(t.key);
    else {
      const fields = changedFields(before, t, ["name", "channel", "stage"]);
      if (fields.length > 0) diff.touchpoints.changed.push({ key: t.key, fields });
    }
  }

  const personas = byKey(current.personas);
  const listed = new Set(wanted.personas.map((p) => p.key));
  for (const p of wanted.personas) {
    const before = personas.get(p.key);
    if (!before) {
      diff.personas.added.push(p.key);
      continue;
    }
    const archiving = p.archived && !before.archived;
    if (archiving) diff.personas.archived.push(p.key);
    const fields = changedFields(before, p, [
      "name",
      "description",
      "goals",
      "needs",
      "painPoints",
      "colour",
      "priority",
      "rules",
      "archived",
    ]).filter((f) => !(archiving && f === "archived"));
    if (fields.length > 0) diff.personas.changed.push({ key: p.key, fields });
  }
  // A persona left out of the document is archived, not deleted: its history stays readable.
  for (const p of current.personas) {
    if (!listed.has(p.key) && !p.archived) diff.personas.archived.push(p.key);
  }
  return diff;
}

/** The diff between the database and `wanted`, without writing anything. */
export async function planCatalogue(
  db: Database,
  wanted: TCatalogueDocument,
): Promise<CatalogueDiff> {
  return diffCatalogue(await exportCatalogue(db), wanted);
}

/**
 * Makes the database's catalogue match `wanted`, in one transaction, through the editor
 * functions (their audit entries under `actor`). Returns the diff it applied.
 */
export async function applyCatalogue(
  db: Database,
  actor: Actor,
  wanted: TCatalogueDocument,
): Promise<CatalogueDiff> {
  const diff = await db.transaction(async (tx) => {
    const current = await exportCatalogue(tx);
    const diff = diffCatalogue(current, wanted);
    if (isEmptyDiff(diff)) return diff;
    const changed = (kind: KindChanges) => new Set(kind.changed.map((c) => c.key));

    const channelsAdded = new Set(diff.channels.added);
    const channelsChanged = changed(diff.channels);
    for (const c of wanted.channels) {
      if (channelsAdded.has(c.key)) await createChannel(tx, actor, c);
      else if (channelsChanged.has(c.key)) await renameChannel(tx, actor, c);
    }

    const stagesAdded = new Set(diff.stages.added);
    const stagesChanged = changed(diff.stages);
    for (const s of wanted.stages) {
      const input = { key: s.key, name: s.name, goal: s.goal, actions: s.actions };
      if (stagesAdded.has(s.key)) await createStage(tx, actor, input);
      else if (stagesChanged.has(s.key)) await updateStage(tx, actor, input);
    }
    // Both write nothing (and log nothing) when the order or the conversion stage is unchanged.
    await reorderStages(
      tx,
      actor,
      wanted.stages.map((s) => s.key),
    );
    const conversion = wanted.stages.find((s) => s.conversion);
    if (conversion) await setConversionStage(tx, actor, conversion.key);

    // Only touchpoints that differ: updating an auto-created one would also "place" it.
    const touchpointsAdded = new Set(diff.touchpoints.added);
    const touchpointsChanged = changed(diff.touchpoints);
    for (const t of wanted.touchpoints) {
      if (touchpointsAdded.has(t.key)) await createTouchpoint(tx, actor, t);
      else if (touchpointsChanged.has(t.key)) await updateTouchpoint(tx, actor, t);
    }

    // After the touchpoints: a metric may name one the document adds. Writes nothing when equal.
    for (const s of wanted.stages) {
      if (stagesAdded.has(s.key) ? s.metrics.length > 0 : stagesChanged.has(s.key)) {
        await setStageMetrics(tx, actor, { stage: s.key, metrics: s.metrics });
      }
    }

    const personasBefore = new Map(current.personas.map((p) => [p.key, p]));
    for (const key of diff.personas.archived) await archivePersona(tx, actor, key);
    for (const p of wanted.personas) {
      const { key, archived, ...input } = p;
      const before = personasBefore.get(key);
      if (!before) {
        await createPersona(tx, actor, input, { key });
        if (archived) await archivePersona(tx, actor, key);
        continue;
      }
      if (before.archived && !archived) await restorePersona(tx, actor, key);
      // Writes (and logs) nothing when its fields are unchanged.
      await updatePersona(tx, actor, key, input);
    }
    return diff;
  });
  await advanceDataVersion(db);
  return diff;
}
