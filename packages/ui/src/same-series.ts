import type { EmotionSeriesData } from "./emotion-curve";

/**
 * Whether two emotion series are the same line: the same mean on the same number of ratings at
 * every stage. A persona holding every customer of the filter draws exactly over "All customers";
 * the chart then says so and draws one line instead of two.
 */
export function sameSeries(a: EmotionSeriesData, b: EmotionSeriesData): boolean {
  const byStage = new Map(b.points.map((p) => [p.stage, p]));
  if (a.points.length !== b.points.length) return false;
  return a.points.every((p) => {
    const q = byStage.get(p.stage);
    return q !== undefined && q.n === p.n && q.mean === p.mean;
  });
}
