// Approximate matching of a quote in a text, after Hypothesis's match-quote: candidates come from
// approx-string-match (Myers' bit-parallel edit distance), then each is scored by how alike it is
// to the quote, how alike the text around it is to the stored prefix and suffix, and how near it
// is to where the quote used to be. Everything runs on folded text (see fold.ts), so whitespace,
// case and diacritic changes cost nothing; results are mapped back to original offsets.
import approxSearch from 'approx-string-match';
import { foldString, foldedOffset, originalSpan, type FoldedText } from './fold.ts';

export interface FuzzyMatch {
  /** Offsets in the original text. */
  start: number;
  end: number;
  /** Edits between the quote and the matched text, both folded. */
  errors: number;
  /** 0..1: 1 is the quote as it was, with its context, where it was. */
  score: number;
}

export interface QuoteContext {
  prefix?: string;
  suffix?: string;
  /** Where the quote is expected (offset in the original text). */
  hint?: number;
}

/** Scores at or above this are trusted as the same passage; below it the quote is orphaned. */
export const MIN_FUZZY_SCORE = 0.7;

// Weights of the score, as in Hypothesis: the quote itself dominates, context decides between
// equally good candidates, proximity breaks the remaining ties.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/** Candidates scored at most; a quote matching more often than this is ranked by nearness first. */
const MAX_CANDIDATES = 400;
/** A search around the old position comes first: cheap, and right for nearly every edit. */
const WINDOW = 4_000;

/** The edits allowed for a quote of this folded length: a quarter of it, at most 256. */
export function maxErrorsFor(length: number): number {
  return Math.min(256, Math.floor(length / 4));
}

interface Candidate {
  start: number;
  end: number;
  errors: number;
}

function search(text: string, pattern: string, maxErrors: number, offset = 0): Candidate[] {
  // approx-string-match has no fast path for exact matches; indexOf is far quicker.
  const exact: Candidate[] = [];
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
    exact.push({ start: at + offset, end: at + offset + pattern.length, errors: 0 });
  }
  if (exact.length > 0 || maxErrors === 0) return exact;
  return approxSearch(text, pattern, maxErrors).map((m) => ({
    start: m.start + offset,
    end: m.end + offset,
    errors: m.errors,
  }));
}

/** 0..1 similarity of `actual` (text beside a candidate) to `expected` (stored context). */
function contextScore(actual: string, expected: string): number {
  if (expected.length === 0) return 1;
  if (actual.length === 0) return 0;
  if (actual === expected) return 1;
  const best = approxSearch(actual, expected, expected.length)[0];
  return best ? 1 - best.errors / expected.length : 0;
}

/**
 * The best approximate match of `quote` in the folded text, or null when none has at most
 * `maxErrors` edits (default: maxErrorsFor the quote). No threshold on the score is applied:
 * callers decide (re-anchoring wants MIN_FUZZY_SCORE, "closest passage" takes anything).
 */
export function matchQuote(
  folded: FoldedText,
  quote: string,
  context: QuoteContext = {},
  maxErrors?: number,
): FuzzyMatch | null {
  const pattern = foldString(quote).trim();
  if (pattern.length === 0 || folded.text.length === 0) return null;
  const allowed = Math.min(maxErrors ?? maxErrorsFor(pattern.length), pattern.length);
  const prefix = context.prefix ? foldString(context.prefix) : '';
  const suffix = context.suffix ? foldString(context.suffix) : '';
  const text = folded.text;
  const hint = context.hint === undefined ? undefined : foldedOffset(folded, context.hint);

  const scoreOf = (c: Candidate): number => {
    const quoteScore = 1 - c.errors / pattern.length;
    const before = text.slice(Math.max(0, c.start - prefix.length), c.start);
    const after = text.slice(c.end, c.end + suffix.length);
    const positionScore = hint === undefined ? 1 : 1 - Math.abs(c.start - hint) / text.length;
    return (
      (QUOTE_WEIGHT * quoteScore +
        PREFIX_WEIGHT * contextScore(before, prefix) +
        SUFFIX_WEIGHT * contextScore(after, suffix) +
        POSITION_WEIGHT * positionScore) /
      MAX_SCORE
    );
  };

  const best = (candidates: Candidate[]): FuzzyMatch | null => {
    if (candidates.length === 0) return null;
    if (candidates.length > MAX_CANDIDATES) {
      // Too many to score: the nearest to where the quote was, else the fewest edits (taking the
      // first ones in the text would miss a better match further on).
      candidates = [...candidates].sort(
        hint !== undefined ? (a, b) => Math.abs(a.start - hint) - Math.abs(b.start - hint) : (a, b) => a.errors - b.errors || a.start - b.start,
      );
    }
    let top: FuzzyMatch | null = null;
    for (const c of candidates.slice(0, MAX_CANDIDATES)) {
      const score = scoreOf(c);
      if (top === null || score > top.score) top = { start: c.start, end: c.end, errors: c.errors, score };
    }
    return top;
  };

  let found: FuzzyMatch | null = null;
  if (hint !== undefined && text.length > 4 * WINDOW) {
    const from = Math.max(0, hint - WINDOW);
    const to = Math.min(text.length, hint + pattern.length + WINDOW);
    found = best(search(text.slice(from, to), pattern, allowed, from));
    if (found && found.score < MIN_FUZZY_SCORE) found = null;
  }
  found ??= best(search(text, pattern, allowed));
  if (!found) return null;
  return { ...originalSpan(folded, found.start, found.end), errors: found.errors, score: found.score };
}
