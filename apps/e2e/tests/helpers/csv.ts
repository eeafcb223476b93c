import { readFile } from "node:fs/promises";
import type { Download } from "@playwright/test";

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF) of a CSV text. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else {
      field += c;
    }
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

export interface TDownloadedCsv {
  filename: string;
  /** The file started with a UTF-8 byte order mark (so that Excel reads accents right). */
  bom: boolean;
  header: string[];
  rows: string[][];
}

/** Reads a finished download as CSV. */
export async function readCsvDownload(download: Download): Promise<TDownloadedCsv> {
  const text = await readFile(await download.path(), "utf8");
  const bom = text.startsWith("\uFEFF");
  const [header = [], ...rows] = parseCsv(bom ? text.slice(1) : text);
  return { filename: download.suggestedFilename(), bom, header, rows };
}
