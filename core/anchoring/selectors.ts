// W3C Web Annotation selectors for a span of a document's text: a TextQuoteSelector (the exact
// text with some context either side, which finds the span again after the text changes) and a
// TextPositionSelector (offsets, the fast path when nothing moved).
import type { TextPosition, TextQuote } from '../types.ts';

/** Characters of context kept either side of a quote, as Hypothesis does. */
export const CONTEXT_LENGTH = 32;

export interface Selectors {
  quote: TextQuote;
  position: TextPosition;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Builds both selectors for text[start, end); context never splits a surrogate pair. */
export function describeSpan(text: string, start: number, end: number, context = CONTEXT_LENGTH): Selectors {
  let prefixStart = Math.max(0, start - context);
  if (prefixStart > 0 && isLowSurrogate(text.charCodeAt(prefixStart))) prefixStart += 1;
  let suffixEnd = Math.min(text.length, end + context);
  if (suffixEnd < text.length && isHighSurrogate(text.charCodeAt(suffixEnd - 1))) suffixEnd -= 1;
  return {
    quote: { exact: text.slice(start, end), prefix: text.slice(prefixStart, start), suffix: text.slice(end, suffixEnd) },
    position: { start, end },
  };
}

/** Narrows [start, end) to leave out whitespace at either end; null when nothing is left. */
export function trimSpan(text: string, start: number, end: number): TextPosition | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s += 1;
  while (e > s && /\s/.test(text[e - 1]!)) e -= 1;
  return s < e ? { start: s, end: e } : null;
}

/** Is [start, end) a non-empty span of text with integer bounds? */
export function isValidSpan(text: string, start: unknown, end: unknown): boolean {
  return (
    Number.isSafeInteger(start) &&
    Number.isSafeInteger(end) &&
    (start as number) >= 0 &&
    (start as number) < (end as number) &&
    (end as number) <= text.length
  );
}
