import { asCodedMessage, formatMessage, type TMessageLocale } from "@parcours/validators";

/** A rejected row as the import job reports it (packages/db import-events.ts RowError). */
export interface TRejectedRow {
  message: string;
  issues?: { path?: string; message: unknown }[];
}

/**
 * Why a row was rejected, in the reader's language: each reason's code formatted from the
 * server's catalogue, after the column it is about as the file names it (`occurred_at`). A
 * reason without a code keeps the server's English.
 */
export function rowReason(row: TRejectedRow, locale: TMessageLocale): string {
  if (!row.issues || row.issues.length === 0) return row.message;
  const reasons: string[] = [];
  for (const issue of row.issues) {
    const coded = asCodedMessage(issue.message);
    if (!coded) return row.message;
    const text = formatMessage(locale, coded);
    reasons.push(issue.path ? `${issue.path} ${text}` : text);
  }
  return reasons.join(locale === "fr" ? "\u202f; " : "; ");
}
