import type { TAnalyticsFilter } from "@parcours/validators";
import { eng, fra } from "stopword";
import type { Catalogue } from "../queries/catalogue";

/**
 * The customers' own words: the comments sent with ratings (events.comment), per journey-map
 * cell (a touchpoint at a stage). Comments are personal data and stay in PostgreSQL, the
 * system of record, whichever engine answers the figures: erasing a customer is then one
 * transaction, and the partial index on commented events finds a cell's comments without a
 * period scan, at any event volume (docs/metrics.md, "Comments").
 */

export interface GetCommentCountsParams {
  filter: TAnalyticsFilter;
  catalogue?: Catalogue;
}

export interface CommentCount {
  stage: string;
  touchpoint: string;
  comments: number;
}

export interface GetCellCommentsParams {
  filter: TAnalyticsFilter;
  stage: string;
  touchpoint: string;
  /** How many comments to list, lowest-rated first. */
  limit: number;
  catalogue?: Catalogue;
}

export interface CellComment {
  eventId: string;
  /** The customer's external id, to open their timeline. */
  customer: string;
  occurredAt: Date;
  rating: number | null;
  text: string;
}

export interface CommentTerm {
  /** A word, or two words that follow each other ("temps d'attente" → "temps attente"). */
  term: string;
  /** Comments of the cell that hold it. */
  comments: number;
  /** Its share of the cell's comments analysed. */
  share: number;
  /** Its share of the stage's other comments analysed; null when the stage has no others. */
  restShare: number | null;
}

export interface CellComments {
  stage: string;
  touchpoint: string;
  /** Every comment of the cell in the period (the list shows the first `limit`). */
  total: number;
  comments: CellComment[];
  /** Words and phrases more frequent in this cell's comments than in the rest of the stage's. */
  terms: CommentTerm[];
  /** How many comments the terms were read from: the latest MAX_COMMENTS_ANALYSED at most. */
  analysed: { cell: number; rest: number };
}

/** Term counts read at most this many comments per side (the latest), so that a cell answers fast. */
export const MAX_COMMENTS_ANALYSED = 5_000;
/** A term must be in at least this many of the cell's comments to be listed. */
export const MIN_TERM_COMMENTS = 2;
/** At most this many terms are listed. */
export const MAX_TERMS = 10;

const STOP_WORDS: ReadonlySet<string> = new Set(
  [...eng, ...fra].map((w) => w.toLowerCase().normalize("NFC")),
);

/** Letters and digits, with inner apostrophes and hyphens ("rendez-vous", "don't"). */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
/** French elision in front of a word: l'attente, d'attente, qu'on, j'ai… */
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]/u;
const DIGITS = /^\p{N}+$/u;

/**
 * A comment's words, lower-cased, elisions removed; stop words (French and English, from the
 * `stopword` package) and one-letter words become null, so that phrases never span them.
 */
export function commentWords(text: string): (string | null)[] {
  const words: (string | null)[] = [];
  for (const match of text.toLowerCase().normalize("NFC").matchAll(WORD)) {
    const word = match[0].replace(ELISION, "").replaceAll("’", "'");
    words.push(word.length < 2 || STOP_WORDS.has(word) ? null : word);
  }
  return words;
}

/** The distinct terms of one comment: its words (not bare numbers) and adjacent word pairs. */
export function commentTerms(text: string): Set<string> {
  const words = commentWords(text);
  const terms = new Set<string>();
  words.forEach((word, i) => {
    if (word === null) return;
    if (!DIGITS.test(word)) terms.add(word);
    const next = words[i + 1];
    if (next !== undefined && next !== null) terms.add(`${word} ${next}`);
  });
  return terms;
}

function documentFrequency(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const term of commentTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

/**
 * The cell's distinctive terms: in at least MIN_TERM_COMMENTS of its comments and in a larger
 * share of them than of the stage's other comments, ranked by how
 * much more often they appear there than in the stage's other comments (shares smoothed by one
 * comment, so that a term the rest never uses does not rank on a single mention), then by count.
 * A word is left out when a listed phrase holds it in as many comments: the phrase says more.
 */
export function distinctiveTerms(cell: readonly string[], rest: readonly string[]): CommentTerm[] {
  if (cell.length === 0) return [];
  const inCell = documentFrequency(cell);
  const inRest = documentFrequency(rest);
  const ranked = [...inCell]
    // In enough of the cell's comments, and more often there than in the rest of the stage: a
    // word the whole stage uses as much does not say what is special about this cell.
    .filter(
      ([term, n]) =>
        n >= MIN_TERM_COMMENTS &&
        (rest.length === 0 || n / cell.length > (inRest.get(term) ?? 0) / rest.length),
    )
    .map(([term, n]) => {
      const restN = inRest.get(term) ?? 0;
      const lift = n / cell.length / ((restN + 1) / (rest.length + 1));
      return { term, n, restN, lift };
    })
    .sort((a, b) => b.lift - a.lift || b.n - a.n || a.term.localeCompare(b.term));
  const phrases = ranked.filter((r) => r.term.includes(" "));
  return ranked
    .filter(
      (r) =>
        r.term.includes(" ") ||
        !phrases.some((p) => p.n === r.n && p.term.split(" ").includes(r.term)),
    )
    .slice(0, MAX_TERMS)
    .map((r) => ({
      term: r.term,
      comments: r.n,
      share: r.n / cell.length,
      restShare: rest.length > 0 ? r.restN / rest.length : null,
    }));
}

/** A comment as a share link shows it: the words, the rating and the day, never whose they are. */
export type SharedCellComment = Omit<CellComment, "eventId" | "customer">;

export type SharedCellComments = Omit<CellComments, "comments"> & {
  comments: SharedCellComment[];
};

/**
 * A cell's comments for an anonymous reader (a share link whose sharer included them): no
 * customer id and no event id, so nothing leads to a customer's timeline.
 */
export function withoutCustomers(cell: CellComments): SharedCellComments {
  return {
    ...cell,
    comments: cell.comments.map(({ occurredAt, rating, text }) => ({ occurredAt, rating, text })),
  };
}
