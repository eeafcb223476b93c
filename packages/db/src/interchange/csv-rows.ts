import type { Readable } from "node:stream";
import { utf8Lines } from "./utf8-lines";

/** A CSV row and the physical line it starts on; `field` (1-based) locates a syntax error. */
export type CsvRow =
  | { line: number; fields: string[] }
  | { line: number; error: string; field?: number };

// A quoted cell may span lines, but not without bound: memory stays constant whatever the file,
// and an unclosed quote costs its own line rather than the rest of the file.
const MAX_ROW_LINES = 1_000;
const MAX_ROW_CHARS = 1_000_000;

const QUOTE = 34;
const COMMA = 44;

/**
 * The rows of a CSV stream (RFC 4180), with the line each starts on. Physical lines are joined
 * while a quoted value is open (a CRLF inside one is read as LF), so that a malformed row is
 * reported alone: csv-parse, after
 * skipping a bad record, stays inside the quote and swallows the good rows that follow, and it
 * counts a CRLF inside a quoted cell as two lines.
 */
export async function* csvRows(input: Readable): AsyncGenerator<CsvRow> {
  const assembler = new RowAssembler();
  let line = 0;
  for await (const { text, utf8 } of utf8Lines(input)) {
    line++;
    yield* assembler.push(line === 1 ? text.replace(/^\uFEFF/, "") : text, line, utf8);
  }
  yield* assembler.end();
}

interface PhysicalLine {
  text: string;
  line: number;
  /** False when the line's bytes were not UTF-8: its row is rejected, not read with U+FFFD. */
  utf8: boolean;
}

class RowAssembler {
  private lines: PhysicalLine[] = [];
  /** Whether a quoted value is open at the end of the lines held so far. */
  private open = false;
  private chars = 0;

  *push(text: string, line: number, utf8 = true): Generator<CsvRow> {
    yield* this.process([{ text, line, utf8 }]);
  }

  *end(): Generator<CsvRow> {
    while (this.lines.length > 0) {
      const { error, rest } = this.giveUp("before the end of the file");
      yield error;
      yield* this.process(rest);
    }
  }

  private *process(queue: PhysicalLine[]): Generator<CsvRow> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (this.lines.length === 0 && next.text.trim() === "") continue;
      this.lines.push(next);
      this.open = quoteOpenAtEnd(next.text, this.open);
      this.chars += next.text.length;
      if (!this.open) {
        const start = this.lines[0]?.line ?? next.line;
        const row = this.lines.length === 1 ? next.text : this.lines.map((l) => l.text).join("\n");
        const notUtf8 = this.lines.find((l) => !l.utf8);
        this.reset();
        yield notUtf8
          ? {
              line: start,
              error: `line ${notUtf8.line} is not valid UTF-8 text (save the file as UTF-8)`,
            }
          : splitRow(row, start);
      } else if (this.lines.length > MAX_ROW_LINES || this.chars > MAX_ROW_CHARS) {
        const { error, rest } = this.giveUp(
          `within ${MAX_ROW_LINES} lines or ${MAX_ROW_CHARS} characters`,
        );
        yield error;
        queue.unshift(...rest);
      }
    }
  }

  /** Rejects the row that opened the quote; the lines after it are to be read again, as rows. */
  private giveUp(where: string): { error: CsvRow; rest: PhysicalLine[] } {
    const [first, ...rest] = this.lines;
    this.reset();
    return {
      error: {
        line: first?.line ?? 0,
        error: `a quoted value opened on this line is not closed ${where}`,
      },
      rest,
    };
  }

  private reset(): void {
    this.lines = [];
    this.open = false;
    this.chars = 0;
  }
}

/**
 * Whether `text` ends inside a quoted value, given whether it starts inside one. Only a quote
 * at the start of a field opens one: a stray quote inside an unquoted value is that row's error
 * (splitRow reports it), not the start of a cell that would swallow the rows after it.
 */
function quoteOpenAtEnd(text: string, openAtStart: boolean): boolean {
  let inside = openAtStart;
  let fieldStart = !openAtStart;
  let i = 0;
  for (;;) {
    if (inside) {
      const close = text.indexOf('"', i);
      if (close === -1) return true;
      if (text.charCodeAt(close + 1) === QUOTE) {
        i = close + 2;
      } else {
        inside = false;
        fieldStart = false;
        i = close + 1;
      }
    } else if (fieldStart && text.charCodeAt(i) === QUOTE) {
      inside = true;
      i++;
    } else {
      const comma = text.indexOf(",", i);
      if (comma === -1) return false;
      fieldStart = true;
      i = comma + 1;
    }
  }
}

/** Splits one complete row (no quoted value left open) into fields. */
export function splitRow(text: string, line: number): CsvRow {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = "";
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) {
          return { line, field: fields.length + 1, error: "has a quote that is never closed" };
        }
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) !== QUOTE) {
          i = close + 1;
          break;
        }
        value += '"';
        from = close + 2;
      }
      fields.push(value);
      if (i === text.length) return { line, fields };
      if (text.charCodeAt(i) !== COMMA) {
        return {
          line,
          field: fields.length,
          error: 'has text after its closing quote (a quote inside a quoted value is written "")',
        };
      }
      i++;
    } else {
      const comma = text.indexOf(",", i);
      const value = text.slice(i, comma === -1 ? text.length : comma);
      if (value.includes('"')) {
        return {
          line,
          field: fields.length + 1,
          error:
            'has a quote but is not quoted (quote the whole value and write inner quotes as "")',
        };
      }
      fields.push(value);
      if (comma === -1) return { line, fields };
      i = comma + 1;
    }
  }
}
