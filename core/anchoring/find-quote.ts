// Finding a quote a person typed in a document's text. The quote is looked for as typed first;
// when it does not occur as typed, it is looked for again in folded text (whitespace, case,
// diacritics, typographic quotes and dashes ignored) and the match mapped back to the original.
import type { TextPosition } from '../types.ts';
import { foldString, foldText, originalSpan, type FoldedText } from './fold.ts';
import { matchQuote } from './match-quote.ts';
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
 * The passage of `text` closest to a quote that was not found, to offer in the error message;
 * null when nothing is even roughly alike.
 */
export function closestPassage(text: string, quote: string, folded?: FoldedText): TextPosition | null {
  const length = foldString(quote).trim().length;
  if (length === 0) return null;
  const match = matchQuote(folded ?? foldText(text), quote, {}, Math.floor(length * CLOSEST_MAX_ERROR_SHARE));
  return match ? trimSpan(text, match.start, match.end) : null;
}
