import type { TFunnel, THeatmap, TKpis, TPersonas } from "./api";
import { stepName } from "./filters";
import { orDash, type TFormatters } from "./format";
import type { TMessages } from "./locale";

/** The five KPI cards' values by label, as `KpiGrid` formats them. */
export function kpiTexts(kpis: TKpis, f: TFormatters, t: TMessages): Record<string, string> {
  const c = kpis.current;
  return {
    [t.kpis.activeCustomers]: f.integer(c.activeCustomers),
    [t.kpis.events]: f.integer(c.events),
    [t.kpis.conversionRate]: orDash(c.conversionRate, f.percent),
    [t.kpis.revenue]: f.currency(c.revenue),
    [t.kpis.satisfaction]: c.satisfaction.sufficient ? orDash(c.satisfaction.mean, f.rating) : "—",
  };
}

/** A funnel chart's accessible summary: `Discovery: 711 (100%); Consideration: 475 (66.8%)…`. */
export async function funnelSummary(funnel: TFunnel, f: TFormatters): Promise<string> {
  const parts = await Promise.all(
    funnel.steps.map(
      async (s) =>
        `${await stepName(s.step)}: ${f.integer(s.customers)} (${orDash(s.conversionOverall, f.percent)})`,
    ),
  );
  return parts.join("; ");
}

/** A funnel table's first five columns: step, customers, both conversions, drop-off. */
export function funnelRows(funnel: TFunnel, f: TFormatters): Promise<string[][]> {
  return Promise.all(
    funnel.steps.map(async (s) => [
      await stepName(s.step),
      f.integer(s.customers),
      orDash(s.conversionFromPrevious, f.percent),
      orDash(s.conversionOverall, f.percent),
      f.integer(s.dropOff),
    ]),
  );
}

/** A persona's display name: its name, or "Unassigned". */
export function personaLabel(row: { persona: string; name: string | null }, t: TMessages): string {
  return row.persona === "unassigned" ? t.filters.unassigned : (row.name ?? row.persona);
}

/** The persona breakdown's table ("Show table"), every column. */
export function personaRows(personas: TPersonas, f: TFormatters, t: TMessages): string[][] {
  return personas.personas.map((p) => [
    personaLabel(p, t),
    f.integer(p.activeCustomers),
    f.integer(p.events),
    orDash(p.conversionRate, f.percent),
    orDash(p.satisfaction.mean, f.rating),
    f.integer(p.satisfaction.n),
    f.currency(p.revenue),
    f.integer(p.orders),
    orDash(p.averageOrderValue, f.currencyCents),
  ]);
}

/**
 * The heatmap table for the volume metric: per channel a group row with its name, then one
 * row per touchpoint with its events per stage (compact; empty when there are none).
 */
export function heatmapVolumeRows(heatmap: THeatmap, f: TFormatters): string[][] {
  return heatmap.channels.flatMap((channel) => {
    const rows = heatmap.rows.filter((row) => row.channel === channel.key);
    if (rows.length === 0) return [];
    return [
      [channel.name],
      ...rows.map((row) => [
        row.name,
        ...heatmap.stages.map((stage) => {
          const cell = row.cells.find((c) => c.stage === stage.key);
          return cell === undefined || cell.events === 0 ? "" : f.compact(cell.events);
        }),
      ]),
    ];
  });
}
