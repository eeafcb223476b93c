import { guardCsvCell } from "@parcours/validators/csv-cell";

export type CsvValue = string | number | null | undefined;
export type CsvRow = Record<string, CsvValue>;

export interface CsvColumn {
  key: string;
  label: string;
}

const BOM = "\uFEFF";

function field(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = guardCsvCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV of raw values (numbers as `String(n)`: dot decimal, no grouping), with a UTF-8
 * BOM so Excel reads accents right. Records are separated by CRLF, with none after the last.
 */
export function toCsv(columns: readonly CsvColumn[], rows: readonly CsvRow[]): string {
  const lines = [
    columns.map((column) => field(column.label)).join(","),
    ...rows.map((row) => columns.map((column) => field(row[column.key])).join(",")),
  ];
  return BOM + lines.join("\r\n");
}

/** Saves `csv` as a file in the browser. */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
