import type { JourneyMap } from "@parcours/db/metrics";
import {
  CSV_PERCENT,
  CSV_RATING,
  type CsvColumn,
  type CsvNumberFormat,
  downloadCsv,
  toCsv,
} from "@parcours/ui/csv";

function fileBase(name: string): string {
  return (
    name
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || "journey"
  );
}

async function snapshot(
  element: HTMLElement,
): Promise<{ dataUrl: string; width: number; height: number }> {
  // Loaded on demand: neither library is needed until someone exports.
  const { toPng } = await import("html-to-image");
  const background = getComputedStyle(document.body).backgroundColor;
  const dataUrl = await toPng(element, {
    pixelRatio: 2,
    backgroundColor: background,
    cacheBust: true,
  });
  return { dataUrl, width: element.scrollWidth, height: element.scrollHeight };
}

export async function exportPng(element: HTMLElement, name: string): Promise<void> {
  const { dataUrl } = await snapshot(element);
  const link = document.createElement("a");
  link.href = dataUrl;
  link.download = `${fileBase(name)}.png`;
  link.click();
}

/**
 * A landscape PDF: the title, period and per-stage figures as text (searchable, legible at any
 * zoom), then the map as an image scaled to the page width, over as many pages as it needs.
 */
export async function exportPdf(
  element: HTMLElement,
  meta: { name: string; subtitle: string; stageLines: string[] },
  format: "a4" | "a3",
): Promise<void> {
  const [{ jsPDF }, image] = await Promise.all([import("jspdf"), snapshot(element)]);
  const pdf = new jsPDF({ orientation: "landscape", unit: "mm", format });
  pdf.setProperties({ title: meta.name });
  const pageWidth = pdf.internal.pageSize.getWidth();
  const pageHeight = pdf.internal.pageSize.getHeight();
  const margin = 12;
  pdf.setFontSize(18);
  pdf.text(meta.name, margin, margin + 4);
  pdf.setFontSize(10);
  pdf.text(meta.subtitle, margin, margin + 11);
  let y = margin + 19;
  for (const line of meta.stageLines) {
    pdf.text(line, margin, y);
    y += 5;
  }
  const width = pageWidth - 2 * margin;
  const height = (image.height / image.width) * width;
  let offset = 0;
  let top = y + 3;
  // Slices of the one image, page after page.
  while (offset < height) {
    const room = pageHeight - top - margin;
    pdf.addImage(image.dataUrl, "PNG", margin, top - offset, width, height);
    offset += room;
    if (offset < height) {
      pdf.addPage(format, "landscape");
      top = margin;
    }
  }
  pdf.save(`${fileBase(meta.name)}.pdf`);
}

export function exportCsv(map: JourneyMap, name: string): void {
  const rows = map.rows.flatMap((row) =>
    row.cells
      .filter((cell) => cell.customers > 0)
      .map((cell) => ({
        channel: row.channel,
        touchpoint: row.touchpoint,
        stage: cell.stage,
        customers: cell.customers,
        events: cell.events,
        satisfaction: cell.satisfaction.mean,
        ratings: cell.satisfaction.n,
        next_stage_share: cell.nextStageShare,
      })),
  );
  const stageRows = map.stages.map((s) => ({
    channel: "",
    touchpoint: "(stage)",
    stage: s.key,
    customers: s.customers,
    events: null,
    satisfaction: s.satisfaction.mean,
    ratings: s.satisfaction.n,
    next_stage_share: s.conversionToNext,
  }));
  const rounded: Record<string, CsvNumberFormat> = {
    satisfaction: CSV_RATING,
    next_stage_share: CSV_PERCENT,
  };
  const columns: CsvColumn[] = [
    "channel",
    "touchpoint",
    "stage",
    "customers",
    "events",
    "satisfaction",
    "ratings",
    "next_stage_share",
  ].map((key) => {
    const csv = rounded[key];
    return csv === undefined ? { key, label: key } : { key, label: key, csv };
  });
  downloadCsv(`${fileBase(name)}.csv`, toCsv(columns, [...stageRows, ...rows]));
}
