"use client";

import type { JourneyMap } from "@parcours/db/metrics";
import { Button } from "@parcours/ui/button";
import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useFormatters } from "~/lib/use-formatters";
import { exportCsv, exportPdf, exportPng } from "./export";

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
  const stageLines = map.stages.map(
    (s) =>
      `${s.name}: ${tMap("customers")} ${f.integer(s.customers)} · ${tMap("conversion")} ${
        s.conversionToNext === null ? "—" : f.percent(s.conversionToNext)
      } · ${tMap("satisfaction")} ${s.satisfaction.mean === null ? "—" : f.rating(s.satisfaction.mean)} (n = ${s.satisfaction.n})`,
  );
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
        onClick={() => run((el) => exportPdf(el, { name, subtitle, stageLines }, "a4"))}
      >
        {t("pdfA4")}
      </Button>
      <Button
        size="sm"
        variant="outline"
        disabled={busy}
        onClick={() => run((el) => exportPdf(el, { name, subtitle, stageLines }, "a3"))}
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
