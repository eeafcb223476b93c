import { formatMessage, INTERCHANGE_COLUMNS, type TCodedMessage } from "@parcours/validators";

export type InterchangeFormat = "csv" | "ndjson";

/** The columns ZEventInputSchema cannot do without; the others may be absent from a file. */
export const REQUIRED_COLUMNS = [
  "event_id",
  "customer_id",
  "occurred_at",
  "touchpoint",
  "type",
] as const;

export const KNOWN_COLUMNS: ReadonlySet<string> = new Set(INTERCHANGE_COLUMNS);

/** The file as a whole is unusable (bad header, empty): nothing was imported. */
export class FileFormatError extends Error {
  constructor(readonly coded: TCodedMessage) {
    super(formatMessage("en", coded));
    this.name = "FileFormatError";
  }
}

export function formatFromPath(path: string): InterchangeFormat | undefined {
  if (/\.csv$/i.test(path)) return "csv";
  if (/\.(ndjson|jsonl)$/i.test(path)) return "ndjson";
  return undefined;
}
