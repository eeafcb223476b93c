"use client";

import type { JourneyMap } from "@parcours/db/metrics";
import { Button } from "@parcours/ui/button";
import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useFormatters } from "~/lib/use-formatters";
import { exportCsv, exportPdf, exportPng, type TPdfTable } from "./export";
import { usePainPointText, usePainPointTrend } from "./pain-point-text";

export function ExportMenu({
  targetId,
  name,
  subtitle,
  map,
}: {
  targetId: string;
  name: string;
  subtitle: string;
  map: JourneyMap;
}) {
  const t = useTranslations("journeys.export");
  const tMap = useTranslations("journeys.map");
  const f = useFormatters();
  const describePain = usePainPointText(map);
  const painTrend = usePainPointTrend();
  const [busy, setBusy] = useState(false);
  const run = async (action: (element: HTMLElement) => Promise<void>) => {
    const element = document.getElementById(targetId);
    if (!element) return;
    setBusy(true);
    try {
      await action(element);
    } finally {
      setBusy(false);
    }
  };
  const nA = tMap("nA");
  const rated = (mean: number | null, n: number) =>
    mean === null ? nA : `${f.rating(mean)} (n = ${f.integer(n)})`;
  const channelName = new Map(map.channels.map((c) => [c.key, c.name]));
  // The map's figures as text tables: what a reader searches, copies or reads aloud.
  const tables: TPdfTable[] = [
    {
      title: tMap("kpis"),
      head: [
        tMap("stage"),
        tMap("customers"),
        tMap("conversion"),
        tMap("timeToNext"),
        tMap("satisfaction"),
      ],
      body: map.stages.map((s) => [
        s.name,
        f.integer(s.customers),
        s.conversionToNext === null ? nA : f.percent(s.conversionToNext),
        s.medianSecondsToNext === null ? nA : f.duration(s.medianSecondsToNext),
        rated(s.satisfaction.mean, s.satisfaction.n),
      ]),
    },
    {
      title: `${tMap("touchpoints")} — ${tMap("legend")}`,
      head: ["", tMap("touchpoints"), ...map.stages.map((s) => s.name)],
      body: map.rows.map((row) => [
        channelName.get(row.channel) ?? row.channel,
        row.name,
        ...row.cells.map((cell) =>
          cell.customers === 0
            ? ""
            : [
                f.integer(cell.customers),
                rated(cell.satisfaction.mean, cell.satisfaction.n),
                cell.nextStageShare === null ? nA : f.percent(cell.nextStageShare),
              ].join(" · "),
        ),
      ]),
    },
    {
      // Most customers lost first, as on the page, which says so (and how revenue is priced).
      title: `${tMap("painPoints")} — ${tMap("sortedBy")}`,
      head: [tMap("painFlag")],
      body:
        map.painPoints.length === 0
          ? [[tMap("noPainPoints")]]
          : [
              ...map.painPoints
                .map((p) => [describePain(p), painTrend.text(p)].filter(Boolean).join(" — "))
                .map((line) => [line]),
              [
                map.averageOrderValue === null
                  ? tMap("noAverageOrderValue")
                  : tMap("averageOrderValue", { amount: f.currency(map.averageOrderValue) }),
              ],
            ],
    },
  ];
  const pdfMeta = { name, subtitle, tables, pictureTitle: t("picture") };
  return (
    <fieldset className="flex flex-wrap items-center gap-2 border-0 p-0">
      <legend className="sr-only">{t("label")}</legend>
      <Download aria-hidden="true" className="size-4 text-muted-foreground" />
      <Button
        size="sm"
        variant="outline"
        disabled={busy}
        onClick={() => run((el) => exportPng(el, name))}
      >
        {t("png")}
      </Button>
      <Button
        size="sm"
        variant="outline"
        disabled={busy}
        onClick={() => run((el) => exportPdf(el, pdfMeta, "a4"))}
      >
        {t("pdfA4")}
      </Button>
      <Button
        size="sm"
        variant="outline"
        disabled={busy}
        onClick={() => run((el) => exportPdf(el, pdfMeta, "a3"))}
      >
        {t("pdfA3")}
      </Button>
      <Button size="sm" variant="outline" disabled={busy} onClick={() => exportCsv(map, name)}>
        {t("csv")}
      </Button>
      {busy ? (
        <span className="text-xs text-muted-foreground" aria-live="polite">
          {t("working")}
        </span>
      ) : null}
    </fieldset>
  );
}
