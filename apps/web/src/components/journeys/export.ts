import type { JourneyMap, PainPoint } from "@parcours/db/metrics";
import {
  CSV_EUROS,
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

/** A table of the PDF, drawn as text (searchable, selectable, sharp at any zoom). */
export interface TPdfTable {
  title: string;
  head: string[];
  body: string[][];
}

// The PDF's standard fonts write WinAnsi text: the narrow no-break space French numbers use and
// the minus sign are not in it, so they are written as their nearest WinAnsi characters.
const pdfText = (text: string) => text.replaceAll("\u202f", "\u00a0").replaceAll("\u2212", "-");

/** The map's picture at print resolution: 1.5 device pixels per CSS pixel (~190 dpi on A4). */
const PRINT_PIXEL_RATIO = 1.5;
const JPEG_QUALITY = 0.82;

/**
 * A landscape PDF: the title, period and the map's figures as text tables (jspdf-autotable),
 * then the map as drawn, cut into one JPEG slice per page. The picture used to be one PNG at
 * twice the screen's resolution placed whole on every page (53 MB for 4 A4 pages); each page
 * now holds only its own slice (about 1 MB in all for the demo's map).
 */
export async function exportPdf(
  element: HTMLElement,
  meta: { name: string; subtitle: string; tables: TPdfTable[]; pictureTitle: string },
  format: "a4" | "a3",
): Promise<void> {
  // Loaded on demand: none of them is needed until someone exports.
  const [{ jsPDF }, { autoTable }, { toCanvas }] = await Promise.all([
    import("jspdf"),
    import("jspdf-autotable"),
    import("html-to-image"),
  ]);
  // Text streams stay uncompressed (tens of kB) so that the text can be found in the file as
  // written; the picture is JPEG, compressed on its own.
  const pdf = new jsPDF({ orientation: "landscape", unit: "mm", format, compress: false });
  pdf.setProperties({ title: pdfText(meta.name) });
  const pageWidth = pdf.internal.pageSize.getWidth();
  const pageHeight = pdf.internal.pageSize.getHeight();
  const margin = 12;
  pdf.setFontSize(18);
  pdf.text(pdfText(meta.name), margin, margin + 4);
  pdf.setFontSize(10);
  pdf.text(pdfText(meta.subtitle), margin, margin + 11);
  let y = margin + 18;
  for (const table of meta.tables) {
    if (y > pageHeight - margin - 20) {
      pdf.addPage(format, "landscape");
      y = margin;
    }
    pdf.setFontSize(12);
    pdf.text(pdfText(table.title), margin, y + 4);
    autoTable(pdf, {
      startY: y + 7,
      margin: { left: margin, right: margin, top: margin, bottom: margin },
      head: [table.head.map(pdfText)],
      body: table.body.map((row) => row.map(pdfText)),
      styles: { fontSize: 8, cellPadding: 1.2, overflow: "linebreak" },
      headStyles: { fillColor: [241, 245, 249], textColor: [15, 23, 42], fontStyle: "bold" },
      theme: "grid",
    });
    // jspdf-autotable records where its last table ended on the document.
    const last = (pdf as unknown as { lastAutoTable?: { finalY: number } }).lastAutoTable;
    y = (last?.finalY ?? y) + 8;
  }

  const background = getComputedStyle(document.body).backgroundColor;
  const canvas = await toCanvas(element, {
    pixelRatio: PRINT_PIXEL_RATIO,
    backgroundColor: background,
    cacheBust: true,
  });
  pdf.addPage(format, "landscape");
  pdf.setFontSize(12);
  pdf.text(pdfText(meta.pictureTitle), margin, margin + 4);
  const width = pageWidth - 2 * margin;
  const pxPerMm = canvas.width / width;
  let top = margin + 8;
  let sourceY = 0;
  while (sourceY < canvas.height) {
    const roomPx = Math.floor((pageHeight - margin - top) * pxPerMm);
    const slicePx = Math.min(roomPx, canvas.height - sourceY);
    const slice = document.createElement("canvas");
    slice.width = canvas.width;
    slice.height = slicePx;
    const context = slice.getContext("2d");
    if (!context) throw new Error("this browser cannot draw on a canvas");
    context.drawImage(canvas, 0, sourceY, canvas.width, slicePx, 0, 0, canvas.width, slicePx);
    pdf.addImage(
      slice.toDataURL("image/jpeg", JPEG_QUALITY),
      "JPEG",
      margin,
      top,
      width,
      slicePx / pxPerMm,
    );
    sourceY += slicePx;
    if (sourceY < canvas.height) {
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
        ...painColumns(map.painPoints, cell),
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
    customers_lost: CSV_RATING,
    revenue_at_risk: CSV_EUROS,
    customers_lost_before: CSV_RATING,
    satisfaction_before: CSV_RATING,
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
    ...PAIN_COLUMNS,
  ].map((key) => {
    const csv = rounded[key];
    return csv === undefined ? { key, label: key } : { key, label: key, csv };
  });
  downloadCsv(`${fileBase(name)}.csv`, toCsv(columns, [...stageRows, ...rows]));
}

/** A cell's pain points in the CSV (docs/metrics.md, "Pain points"): empty for other cells. */
const PAIN_COLUMNS = [
  "pain_points",
  "customers_lost",
  "revenue_at_risk",
  "customers_lost_before",
  "satisfaction_before",
  "new_pain_points",
] as const;

function painColumns(
  painPoints: PainPoint[],
  cell: { stage: string; touchpoint: string },
): Record<(typeof PAIN_COLUMNS)[number], string | number | null> {
  const here = painPoints.filter((p) => p.stage === cell.stage && p.touchpoint === cell.touchpoint);
  // Customers lost, revenue at risk and the trend are the cell's: the same for each of its kinds.
  const first = here[0];
  return {
    pain_points: here.map((p) => p.kind).join(" "),
    customers_lost: first?.customersLost ?? null,
    revenue_at_risk: first?.revenueAtRisk ?? null,
    customers_lost_before: first?.trend?.customersLost ?? null,
    satisfaction_before: first?.trend?.mean ?? null,
    new_pain_points: here
      .filter((p) => p.trend?.wasPainPoint === false)
      .map((p) => p.kind)
      .join(" "),
  };
}
