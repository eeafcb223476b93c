/**
 * CSV injection guard, shared by every CSV writer (the dashboard's downloads, the interchange
 * export) and the interchange import that reads such files back.
 *
 * Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or `@` as a
 * formula, also after a leading tab, carriage return or line feed (OWASP, "CSV Injection").
 * A leading apostrophe makes the cell text.
 */
const FORMULA_START = "=+\\-@\\t\\r\\n";

/**
 * Apostrophes already in front of a formula character are escaped as well, so that reading the
 * cell back (`unguardCsvCell`) gives exactly the value written, whatever it was.
 */
const NEEDS_GUARD = new RegExp(`^'*[${FORMULA_START}]`);
const GUARDED = new RegExp(`^'+[${FORMULA_START}]`);

/**
 * A plain decimal number, negative ones included: every spreadsheet reads it as that number and
 * it cannot call anything, so `-20.00` stays a number a sum can use.
 */
const PLAIN_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** `text` as a CSV cell that a spreadsheet shows as text instead of running it. */
export function guardCsvCell(text: string): string {
  return NEEDS_GUARD.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The value `guardCsvCell` was given: one leading apostrophe off a guarded cell. */
export function unguardCsvCell(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
