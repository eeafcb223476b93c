import type { Readable } from "node:stream";

/** One physical line of a file: its text, and whether its bytes were valid UTF-8. */
export interface TextLine {
  text: string;
  /** False when the line's bytes are not UTF-8; `text` then has U+FFFD in their place. */
  utf8: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const BREAK = /\r\n|\n|\r/;

// A BOM stays in the text, as readline kept it: the readers strip it from the first line only.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * The lines of a stream split as readline splits them (LF, CRLF or a lone CR), each decoded on
 * its own, so that a line that is not UTF-8 is reported, with its number, instead of being
 * read with U+FFFD in place of its bytes (which could make two different ids one). CR and LF
 * never occur inside a multi-byte UTF-8 character, so splitting bytes splits characters never.
 */
export async function* utf8Lines(input: Readable): AsyncGenerator<TextLine> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of input) {
    const bytes: Buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    const buffer = pending.length > 0 ? Buffer.concat([pending, bytes]) : bytes;
    // Complete lines end at the last LF, or at the last CR not in the final byte (its LF may
    // be in the next chunk).
    const cr = buffer.length >= 2 ? buffer.lastIndexOf(CR, buffer.length - 2) : -1;
    const end = Math.max(buffer.lastIndexOf(LF), cr);
    if (end < 0) {
      pending = buffer;
      continue;
    }
    yield* decodeLines(buffer.subarray(0, end + 1), true);
    pending = buffer.subarray(end + 1);
  }
  // What is left ends with no line break, or with a CR that no LF followed.
  if (pending.length > 0) yield* decodeLines(pending, pending[pending.length - 1] === CR);
}

/** The lines of `bytes`; `terminated` when it ends with a line break (no empty line after it). */
function decodeLines(bytes: Buffer, terminated: boolean): TextLine[] {
  let text: string | undefined;
  try {
    text = strict.decode(bytes);
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const lines = text.split(BREAK);
    if (terminated) lines.pop();
    return lines.map((line) => ({ text: line, utf8: true }));
  }
  // Rare: find which lines are not UTF-8, one by one.
  const out: TextLine[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = start;
    while (end < bytes.length && bytes[end] !== LF && bytes[end] !== CR) end++;
    const line = bytes.subarray(start, end);
    try {
      out.push({ text: strict.decode(line), utf8: true });
    } catch {
      out.push({ text: lenient.decode(line), utf8: false });
    }
    start = bytes[end] === CR && bytes[end + 1] === LF ? end + 2 : end + 1;
  }
  return out;
}
