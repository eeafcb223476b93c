"use client";

import { Skeleton } from "@parcours/ui/skeleton";
import dynamic from "next/dynamic";

/*
 * recharts is most of the page's JavaScript. Loading the charts as their own chunks after the
 * first paint keeps first-load JS small; the figures (KPI cards, tables) do not wait for them.
 */
const placeholder = () => <Skeleton className="h-[320px] w-full" />;

export const FunnelChart = dynamic(
  () => import("@parcours/ui/funnel-chart").then((m) => m.FunnelChart),
  { ssr: false, loading: placeholder },
);

export const PersonaChart = dynamic(
  () => import("@parcours/ui/persona-chart").then((m) => m.PersonaChart),
  { ssr: false, loading: placeholder },
);

export const EmotionCurve = dynamic(
  () => import("@parcours/ui/emotion-curve").then((m) => m.EmotionCurve),
  { ssr: false, loading: placeholder },
);

export const TimeSeriesChart = dynamic(
  () => import("@parcours/ui/time-series-chart").then((m) => m.TimeSeriesChart),
  { ssr: false, loading: placeholder },
);

export const RetentionCurves = dynamic(
  () => import("@parcours/ui/retention-curves").then((m) => m.RetentionCurves),
  { ssr: false, loading: placeholder },
);

export const DriversChart = dynamic(
  () => import("@parcours/ui/drivers-chart").then((m) => m.DriversChart),
  { ssr: false, loading: placeholder },
);

export const PathsSankey = dynamic(
  () => import("@parcours/ui/paths-sankey").then((m) => m.PathsSankey),
  { ssr: false, loading: placeholder },
);
