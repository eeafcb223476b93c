import { guardCsvCell } from "@parcours/validators/csv-cell";

export type CsvValue = string | number | null | undefined;
export type CsvRow = Record<string, CsvValue>;

/**
 * How a column's numbers are written: scaled, rounded to `decimals`, with the unit in the
 * header ("Conversion (%)", "Median time (h)"). A column without one is written as it is:
 * counts, and the columns whose label says they are raw.
 */
export interface CsvNumberFormat {
  /** Multiplies before rounding: 100 writes a ratio as a percentage. */
  scale?: number;
  decimals: number;
  unit?: string;
}

/** A ratio as a percentage with one decimal: 0.7246229107215655 → 72.5. */
export const CSV_PERCENT: CsvNumberFormat = { scale: 100, decimals: 1, unit: "%" };
/** Seconds as hours with two decimals: 358133.99999999994 → 99.48. */
export const CSV_HOURS: CsvNumberFormat = { scale: 1 / 3600, decimals: 2, unit: "h" };
/** A mean rating (1–5) or its spread, two decimals. */
export const CSV_RATING: CsvNumberFormat = { decimals: 2 };
/** Money in euros and cents. */
export const CSV_EUROS: CsvNumberFormat = { decimals: 2, unit: "EUR" };

export interface CsvColumn {
  key: string;
  label: string;
  csv?: CsvNumberFormat;
}

const BOM = "\uFEFF";

function field(value: CsvValue, number?: CsvNumberFormat): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    if (number === undefined) return String(value);
    // Through toFixed, then Number: 72.50 is written 72.5, and -0 as 0.
    const rounded = Number((value * (number.scale ?? 1)).toFixed(number.decimals));
    return String(rounded === 0 ? 0 : rounded);
  }
  const text = guardCsvCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A column's CSV header: its label, and its unit when it has one. */
export function csvHeader(column: CsvColumn): string {
  return column.csv?.unit === undefined ? column.label : `${column.label} (${column.csv.unit})`;
}

/**
 * RFC 4180 CSV (numbers with a dot decimal, no grouping; rounded with their unit in the header
 * when the column says how, else as they are), with a UTF-8 BOM so Excel reads accents right.
 * Records are separated by CRLF, with none after the last.
 */
export function toCsv(columns: readonly CsvColumn[], rows: readonly CsvRow[]): string {
  const lines = [
    columns.map((column) => field(csvHeader(column))).join(","),
    ...rows.map((row) => columns.map((column) => field(row[column.key], column.csv)).join(",")),
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
