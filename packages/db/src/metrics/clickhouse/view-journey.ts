import type { ClickHouse } from "../../analytics/clickhouse/client";
import type { Catalogue } from "../../queries/catalogue";
import type { AnnotationRow, SavedView } from "../../queries/views";
import type { CohortDefinition } from "../cohorts";
import type { SpendReader } from "../stage-metrics";
import { assembleViewJourney, type ViewJourney } from "../view-journey";
import { getEmotionCurve } from "./emotion";
import { getFunnelOverTime } from "./funnel";
import { getJourneyMap } from "./journey";
import { getStageMetrics } from "./stage-metrics";

/**
 * Everything the journey map page shows for a saved view, its figures from ClickHouse; the
 * catalogue and the annotations stay PostgreSQL's (the system of record), read by the caller.
 */
export async function getViewJourney(
  ch: ClickHouse,
  view: SavedView,
  options: {
    catalogue: Catalogue;
    annotations: () => Promise<AnnotationRow[]>;
    compare?: boolean;
    now?: Date;
    overTime?: boolean;
    /** The view's cohort (filters.cohort), read from PostgreSQL. */
    cohortDefinition?: CohortDefinition;
    /** The spend sums for cost metrics, read from PostgreSQL. */
    spend: SpendReader;
  },
): Promise<ViewJourney> {
  const { cohortDefinition } = options;
  return assembleViewJourney(
    {
      journeyMap: (params) => getJourneyMap(ch, { ...params, cohortDefinition }),
      emotionCurve: (params) => getEmotionCurve(ch, { ...params, cohortDefinition }),
      funnelOverTime: (params) => getFunnelOverTime(ch, { ...params, cohortDefinition }),
      stageMetrics: (params) =>
        getStageMetrics(ch, { ...params, cohortDefinition, spend: options.spend }),
    },
    view,
    options.catalogue,
    options.annotations,
    options,
  );
}
