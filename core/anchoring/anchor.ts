// Finding a stored quote again in a document's (possibly changed) text. In order:
//   1. the old position still holds the exact quote                      → exact
//      (or the expected position holds it with its whole context, see
//      AnchorOptions.expected)
//   2. the exact quote elsewhere: the occurrence whose surroundings agree
//      best with the stored prefix/suffix, then the one nearest the old
//      position                                                          → exact
//   3. an approximate match (match-quote.ts) scoring MIN_FUZZY_SCORE+,
//      its edges set by the stored context and word boundaries (edges.ts) → fuzzy
//   4. nothing good enough                                                → orphaned
// An orphaned annotation is kept as it was: losing a researcher's work is worse than showing
// that it no longer fits the text.
import type { AnchorMethod } from '../types.ts';
import { foldText, type FoldedText } from './fold.ts';
import { MIN_FUZZY_SCORE, matchQuote } from './match-quote.ts';
import { prefixAgreement, suffixAgreement } from './context.ts';
import { refineEdges } from './edges.ts';
import { trimSpan } from './selectors.ts';

export interface StoredQuote {
  exact: string;
  prefix: string;
  suffix: string;
  /** The old position, when there was one. */
  start: number | null;
  end: number | null;
}

export type AnchorResult =
  | { start: number; end: number; method: Exclude<AnchorMethod, 'orphaned'> }
  | { method: 'orphaned' };

/** Folding a long text costs; a caller anchoring many quotes in one text shares it through this. */
export class TextIndex {
  private foldedText: FoldedText | undefined;
  constructor(readonly text: string) {}
  get folded(): FoldedText {
    this.foldedText ??= foldText(this.text);
    return this.foldedText;
  }
}

/** The exact occurrence of the quote that best fits its stored context, nearest the hint on ties. */
export function bestExactOccurrence(text: string, quote: StoredQuote): number | null {
  const { exact, prefix, suffix } = quote;
  const hint = quote.start ?? 0;
  let best: number | null = null;
  let bestContext = -1;
  let bestDistance = Infinity;
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    const context = prefixAgreement(text, at, prefix) + suffixAgreement(text, at + exact.length, suffix);
    const distance = Math.abs(at - hint);
    if (context > bestContext || (context === bestContext && distance < bestDistance)) {
      best = at;
      bestContext = context;
      bestDistance = distance;
    }
  }
  return best;
}

export interface AnchorOptions {
  /**
   * Where the quote is expected in the new text: a caller anchoring a document's quotes in
   * order passes the old position moved by as much as the quote before it moved. The exact
   * quote there with its whole stored context is taken at once (no scan of the text), and the
   * approximate search looks there first.
   */
  expected?: number;
}

/** Does text around [at, at + exact.length) hold the whole stored prefix and suffix? */
function hasWholeContext(text: string, at: number, quote: StoredQuote): boolean {
  return (
    prefixAgreement(text, at, quote.prefix) === quote.prefix.length &&
    suffixAgreement(text, at + quote.exact.length, quote.suffix) === quote.suffix.length
  );
}

/** Anchors a stored quote in `text` (a string, or a TextIndex shared between quotes). */
export function anchorQuote(text: string | TextIndex, quote: StoredQuote, options: AnchorOptions = {}): AnchorResult {
  const index = typeof text === 'string' ? new TextIndex(text) : text;
  const body = index.text;
  const { exact, start, end } = quote;
  const { expected } = options;
  if (exact.length === 0) return { method: 'orphaned' };

  if (start !== null && end !== null && end - start === exact.length && body.startsWith(exact, start)) {
    return { start, end, method: 'exact' };
  }
  if (expected !== undefined && expected >= 0 && body.startsWith(exact, expected) && hasWholeContext(body, expected, quote)) {
    return { start: expected, end: expected + exact.length, method: 'exact' };
  }

  const at = bestExactOccurrence(body, quote);
  if (at !== null) return { start: at, end: at + exact.length, method: 'exact' };

  const match = matchQuote(index.folded, exact, {
    prefix: quote.prefix,
    suffix: quote.suffix,
    hint: expected ?? start ?? undefined,
  });
  if (match && (match.errors === 0 || match.score >= MIN_FUZZY_SCORE)) {
    const span = trimSpan(body, match.start, match.end);
    if (span) return { ...refineEdges(body, span, quote), method: 'fuzzy' };
  }
  return { method: 'orphaned' };
}
