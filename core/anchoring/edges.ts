// The edges of a fuzzy match. Edit distance aligns the quote with the text at the least cost,
// which can put an edge where a person would not: absorbing a word of the context ("with envoys"
// for a quote that began "representatives", now "envoys") or stopping inside a word ("ialogue"
// for "talks", now "dialogue"). The stored prefix and suffix say where the quote began and ended;
// word boundaries say the rest.
import type { TextPosition } from '../types.ts';
import { prefixAgreement, suffixAgreement } from './context.ts';

const WORD = /[\p{L}\p{N}]/u;
/** An edge moves at most this far. */
const MAX_MOVE = 40;
/** Context agreeing on fewer characters than this (a space, a comma) says nothing. */
const MIN_AGREEMENT = 8;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}

export interface QuoteEdges {
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * Moves the edges of a match inwards to where the text around them agrees best with the stored
 * prefix and suffix: only when it agrees strictly better than at the match's own edges, and on
 * at least MIN_AGREEMENT characters (or the whole of a shorter context).
 */
export function alignToContext(text: string, span: TextPosition, quote: QuoteEdges): TextPosition {
  let { start, end } = span;
  if (quote.prefix.length > 0) {
    let best = Math.max(prefixAgreement(text, start, quote.prefix), Math.min(quote.prefix.length, MIN_AGREEMENT) - 1);
    const limit = Math.min(end - 1, span.start + MAX_MOVE);
    for (let p = span.start + 1; p <= limit; p += 1) {
      const agreement = prefixAgreement(text, p, quote.prefix);
      if (agreement > best) {
        best = agreement;
        start = p;
      }
    }
  }
  if (quote.suffix.length > 0) {
    let best = Math.max(suffixAgreement(text, end, quote.suffix), Math.min(quote.suffix.length, MIN_AGREEMENT) - 1);
    const limit = Math.max(start + 1, span.end - MAX_MOVE);
    for (let q = span.end - 1; q >= limit; q -= 1) {
      const agreement = suffixAgreement(text, q, quote.suffix);
      if (agreement > best) {
        best = agreement;
        end = q;
      }
    }
  }
  return { start, end };
}

/** Widens [start, end) of `text` to whole words where the quote had whole words. */
export function widenToWords(text: string, span: TextPosition, quote: QuoteEdges): TextPosition {
  let { start, end } = span;
  const startsWord = isWordChar(quote.exact[0]) && !isWordChar(quote.prefix[quote.prefix.length - 1]);
  const endsWord = isWordChar(quote.exact[quote.exact.length - 1]) && !isWordChar(quote.suffix[0]);
  if (startsWord && isWordChar(text[start])) {
    let s = start;
    while (s > 0 && start - s < MAX_MOVE && isWordChar(text[s - 1])) s -= 1;
    if (s === 0 || !isWordChar(text[s - 1])) start = s;
  }
  if (endsWord && isWordChar(text[end - 1])) {
    let e = end;
    while (e < text.length && e - end < MAX_MOVE && isWordChar(text[e])) e += 1;
    if (e === text.length || !isWordChar(text[e])) end = e;
  }
  return { start, end };
}

/** Both, in order: context first, then words. */
export function refineEdges(text: string, span: TextPosition, quote: QuoteEdges): TextPosition {
  return widenToWords(text, alignToContext(text, span, quote), quote);
}
