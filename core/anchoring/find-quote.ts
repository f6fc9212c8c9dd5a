// Finding a quote a person typed in a document's text. The quote is looked for as typed first;
// when it does not occur as typed, it is looked for again in folded text (whitespace, case,
// diacritics, typographic quotes and dashes ignored) and the match mapped back to the original.
import type { TextPosition } from '../types.ts';
import { foldString, foldText, originalSpan, type FoldedText } from './fold.ts';
import { matchQuote, type FuzzyMatch } from './match-quote.ts';
import { trimSpan } from './selectors.ts';

export interface QuoteSearch {
  /** The span of the requested occurrence, or null when there is none. */
  span: TextPosition | null;
  /** How many times the quote occurs (as typed, or folded when it never occurs as typed). */
  count: number;
  /** Whether the occurrences were found only in folded text. */
  folded: boolean;
}

/** Start offsets of the non-overlapping occurrences of `needle` in `haystack`. */
export function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    found.push(at);
  }
  return found;
}

/**
 * Finds occurrence `occurrence` (1-based) of `quote` in `text`. Outer whitespace of the quote is
 * ignored. Pass `folded` when the same text is searched many times.
 */
export function findQuote(text: string, quote: string, occurrence = 1, folded?: FoldedText): QuoteSearch {
  const wanted = quote.trim();
  if (wanted.length === 0) return { span: null, count: 0, folded: false };
  const exact = occurrences(text, wanted);
  if (exact.length > 0) {
    const at = exact[occurrence - 1];
    return { span: at === undefined ? null : { start: at, end: at + wanted.length }, count: exact.length, folded: false };
  }
  const foldedQuote = foldString(wanted).trim();
  if (foldedQuote.length === 0) return { span: null, count: 0, folded: true };
  const haystack = folded ?? foldText(text);
  const hits = occurrences(haystack.text, foldedQuote);
  const at = hits[occurrence - 1];
  return {
    span: at === undefined ? null : originalSpan(haystack, at, at + foldedQuote.length),
    count: hits.length,
    folded: true,
  };
}

/** Share of a quote's length that may differ for a passage still to be offered as "closest". */
const CLOSEST_MAX_ERROR_SHARE = 0.4;
/**
 * The closest-passage search is bounded: the cost of the edit-distance search grows with the
 * quote's length times the edits allowed, and a 10 KB quote allowed 40% edits took seconds on a
 * 1 MB text, blocking the process. A quote longer than this is compared by three stretches of
 * this length (its start, middle and end), each with at most CLOSEST_MAX_ERRORS edits.
 */
const CLOSEST_PROBE = 256;
const CLOSEST_MAX_ERRORS = 64;
/** A stretch matched with at most this share of edits ends the search. */
const CLOSE_ENOUGH_SHARE = 0.1;

/**
 * The passage of `text` closest to a quote that was not found, to offer in the error message;
 * null when nothing is even roughly alike. For a long quote, the passage closest to one of its
 * stretches (the one with the fewest edits; the start wins ties).
 */
export function closestPassage(text: string, quote: string, folded?: FoldedText): TextPosition | null {
  const wanted = foldString(quote).trim();
  if (wanted.length === 0) return null;
  const haystack = folded ?? foldText(text);
  const probes =
    wanted.length <= CLOSEST_PROBE
      ? [wanted]
      : [0, Math.floor((wanted.length - CLOSEST_PROBE) / 2), wanted.length - CLOSEST_PROBE].map((at) => wanted.slice(at, at + CLOSEST_PROBE));
  let best: FuzzyMatch | null = null;
  for (const probe of probes) {
    const allowed = Math.min(CLOSEST_MAX_ERRORS, Math.floor(probe.trim().length * CLOSEST_MAX_ERROR_SHARE));
    const match = matchQuote(haystack, probe, {}, allowed);
    if (match && (best === null || match.errors < best.errors)) best = match;
    if (best && best.errors <= probe.length * CLOSE_ENOUGH_SHARE) break; // plainly the place: no need to look further
  }
  return best ? trimSpan(text, best.start, best.end) : null;
}
