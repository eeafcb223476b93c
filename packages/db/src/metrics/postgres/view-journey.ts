import type { Database } from "../../client";
import { getCatalogue } from "../../queries/catalogue";
import { listAnnotations, type SavedView } from "../../queries/views";
import { assembleViewJourney, type ViewJourney, type ViewJourneyMetrics } from "../view-journey";
import { getEmotionCurve } from "./emotion";
import { getFunnelOverTime } from "./funnel";
import { getJourneyMap } from "./journey";
import { getStageMetrics } from "./stage-metrics";

/** Everything the journey map page shows for a saved view, from one catalogue read. */
export async function getViewJourney(
  db: Database,
  view: SavedView,
  options: { compare?: boolean; now?: Date; overTime?: boolean } = {},
): Promise<ViewJourney> {
  const catalogue = await getCatalogue(db);
  const metrics: ViewJourneyMetrics = {
    journeyMap: (params) => getJourneyMap(db, params),
    emotionCurve: (params) => getEmotionCurve(db, params),
    funnelOverTime: (params) => getFunnelOverTime(db, params),
    stageMetrics: (params) => getStageMetrics(db, params),
  };
  return assembleViewJourney(metrics, view, catalogue, () => listAnnotations(db, view.id), options);
}
