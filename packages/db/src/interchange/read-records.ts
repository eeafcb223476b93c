import type { Readable } from "node:stream";
import {
  coded as codedMessage,
  formatMessage,
  INTERCHANGE_COLUMNS,
  type TCodedMessage,
  type TMessageCode,
} from "@parcours/validators";
import { unguardCsvCell } from "@parcours/validators/csv-cell";
import { csvRows } from "./csv-rows";
import { FileFormatError, type InterchangeFormat, KNOWN_COLUMNS, REQUIRED_COLUMNS } from "./format";
import { utf8Lines } from "./utf8-lines";

/** One row of the file, by the physical line it starts on: its values, or why it is unreadable. */
export type SourceRecord =
  | { line: number; record: Record<string, unknown> }
  | { line: number; error: string; coded?: TCodedMessage };

/** A line the reader cannot use, in English and by code. */
function lineError(line: number, code: TMessageCode): SourceRecord {
  const coded = codedMessage(code);
  return { line, error: formatMessage("en", coded), coded };
}

export function readRecords(input: Readable, format: InterchangeFormat) {
  return format === "csv" ? csvRecords(input) : ndjsonRecords(input);
}

async function* csvRecords(input: Readable): AsyncGenerator<SourceRecord> {
  let header: string[] | undefined;
  for await (const row of csvRows(input)) {
    if (!header) {
      if ("error" in row)
        throw new FileFormatError(codedMessage("fileHeaderNotCsv", { reason: row.error }));
      header = row.fields.map((h) => h.trim());
      checkHeader(header);
      continue;
    }
    if ("error" in row) {
      const column = row.field === undefined ? undefined : header[row.field - 1];
      const where = column ? `the ${column} value` : `field ${row.field}`;
      yield {
        line: row.line,
        error: `unparsable CSV: ${row.field === undefined ? row.error : `${where} ${row.error}`}`,
      };
    } else if (row.fields.length !== header.length) {
      const coded = codedMessage("fieldCount", {
        count: row.fields.length,
        expected: header.length,
      });
      yield { line: row.line, error: formatMessage("en", coded), coded };
    } else {
      const record: Record<string, unknown> = {};
      header.forEach((column, i) => {
        const field = row.fields[i];
        // The export guards cells against spreadsheet formulas; read them back as they were.
        record[column] = field === undefined ? field : unguardCsvCell(field);
      });
      yield { line: row.line, record };
    }
  }
  if (!header) throw new FileFormatError(codedMessage("fileEmpty"));
}

function checkHeader(header: string[]): void {
  const unknown = header.filter((h) => !KNOWN_COLUMNS.has(h));
  if (unknown.length > 0) {
    throw new FileFormatError(
      codedMessage("fileHeaderUnknown", {
        count: unknown.length,
        columns: unknown.map((u) => `"${u}"`).join(", "),
        known: INTERCHANGE_COLUMNS.join(", "),
      }),
    );
  }
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length > 0) {
    throw new FileFormatError(codedMessage("fileHeaderRepeated", { columns: repeated.join(", ") }));
  }
  const missing = REQUIRED_COLUMNS.filter((r) => !header.includes(r));
  if (missing.length > 0) {
    throw new FileFormatError(
      codedMessage("fileHeaderMissing", { count: missing.length, columns: missing.join(", ") }),
    );
  }
}

async function* ndjsonRecords(input: Readable): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const { text: raw, utf8 } of utf8Lines(input)) {
    line++;
    if (!utf8) {
      yield lineError(line, "notUtf8");
      continue;
    }
    const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield lineError(line, "notJson");
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      yield lineError(line, "notJsonObject");
      continue;
    }
    const record = value as Record<string, unknown>;
    // A misspelt field would otherwise vanish silently, as an unknown CSV column would not.
    const unknown = Object.keys(record).filter((k) => !KNOWN_COLUMNS.has(k));
    if (unknown.length > 0) {
      yield {
        line,
        error: `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}; the fields are ${INTERCHANGE_COLUMNS.join(", ")}`,
      };
      continue;
    }
    // Other tools often write ids as JSON numbers; past 2^53 they have lost digits already, and
    // two different ids would become one.
    const inexact = ["event_id", "customer_id"].filter(
      (id) => typeof record[id] === "number" && !Number.isSafeInteger(record[id]),
    );
    if (inexact.length > 0) {
      yield {
        line,
        error: `${inexact.join(" and ")} ${inexact.length > 1 ? "are numbers" : "is a number"} JSON cannot carry exactly; write ${inexact.length > 1 ? "them" : "it"} as text`,
      };
      continue;
    }
    for (const id of ["event_id", "customer_id"]) {
      if (typeof record[id] === "number") record[id] = String(record[id]);
    }
    yield { line, record };
  }
}
