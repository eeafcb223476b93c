import type { TFunnelStep } from "@parcours/validators";
import {
  getEmotionCurve,
  getFunnel,
  getOverviewKpis,
  getPersonaBreakdown,
  getTouchpointHeatmap,
} from "../src/metrics";
import { median, serverVersion, time } from "./machine";
import { BENCH_END, type BenchDatabase } from "./targets";

export interface QueryFigures {
  target: string;
  label: string;
  events: number;
  customers: number;
  queries: { name: string; description: string; median: number; min: number; max: number }[];
}

const DAY = 86_400_000;

export async function benchQueries(
  bench: BenchDatabase,
  runs: number,
  log: (line?: string) => void,
): Promise<QueryFigures> {
  const { db } = bench.handle;
  const filter = { from: new Date(BENCH_END.getTime() - 180 * DAY), to: BENCH_END };
  const steps: TFunnelStep[] = [
    "discovery",
    "consideration",
    "decision",
    "purchase",
    "after_sales",
    "loyalty",
  ].map((key) => ({ kind: "stage", key }));
  const cases: [string, string, () => Promise<unknown>][] = [
    ["funnel", "6-step stage funnel, 180 days", () => getFunnel(db, { filter, steps })],
    ["heatmap", "touchpoint heatmap, 180 days", () => getTouchpointHeatmap(db, { filter })],
    ["personas", "persona breakdown, 180 days", () => getPersonaBreakdown(db, { filter })],
    ["emotion", "emotion curve, 180 days", () => getEmotionCurve(db, { filter })],
    ["kpis", "overview KPIs + previous period", () => getOverviewKpis(db, { filter })],
  ];
  if (bench.target === "postgres") log(`${bench.label}: ${await serverVersion(db)}`);
  const queries = [];
  for (const [name, description, fn] of cases) {
    const timings = await time(runs, fn);
    const figure = {
      name,
      description,
      median: median(timings),
      min: Math.min(...timings),
      max: Math.max(...timings),
    };
    console.log(
      `${bench.label} ${bench.events} events — ${description}: median ${figure.median.toFixed(0)} ms`,
    );
    queries.push(figure);
  }
  return {
    target: bench.target,
    label: bench.label,
    events: bench.events,
    customers: bench.customers,
    queries,
  };
}
