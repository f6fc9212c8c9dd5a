// Finding a query in a document's text, with the search's rules: the words, "phrases" and
// prefix* terms of the query syntax are matched as the full-text index matches them (case and
// diacritics folded, whole words, phrases across line breaks: text-match.ts); exclusions
// (-word, NOT word), operators (OR, AND) and filters (tag:, type:, in:, before:, after:) mark
// nothing. Offsets are those of the document's own text.
import { findQuery, tokenize, type MatchTerm, type TextSpan } from '../../core/search/text-match.ts';
import { asYouType } from './query.ts';
import { parseQuery } from '../../core/search/query.ts';
import type { HitLocation } from '../../core/types.ts';

/** As the search reads a query (core/search/query.ts): longer queries are cut. */
const MAX_QUERY_CHARS = 1000;
/** Marks beyond this many are not drawn or counted one by one ("10,000+"). */
export const MAX_MATCHES = 10_000;

/**
 * The clauses of a query that can match (all must, each by any of its terms: `a OR b c` is
 * [[a, b], [c]]): its words, phrases and prefixes, exclusions and filters left out — read by the
 * search's own parser, so the reader marks what the search matched.
 */
export function queryClauses(query: string): MatchTerm[][] {
  return parseQuery(query).clauses.map((clause) => clause.map((t) => ({ tokens: t.tokens, prefix: t.prefix })));
}

/**
 * The matches of a query in a text, in reading order, and where its first passage starts (see
 * findQuery). `typing`: the query is being typed, so its last word is read as a prefix, as the
 * search box reads it (asYouType), and a hit found for "vacu" marks "vacuum".
 */
export function findQueryInText(text: string, query: string, typing = true): { matches: TextSpan[]; passage: number | null } {
  const clauses = queryClauses(typing ? asYouType(query.trimStart()) : query);
  if (clauses.length === 0) return { matches: [], passage: null };
  const { spans, passage } = findQuery(text, clauses, MAX_MATCHES);
  return { matches: spans, passage };
}

/** Query syntax beyond plain words: quotes, a prefix star, OR/AND/NOT, -exclusions, filters. */
const QUERY_SYNTAX = /["\u201c\u201d*]|(?:^|\s)(?:OR|AND|NOT)(?:\s|$)|(?:^|\s)-\S|(?:^|\s)(?:type|tag|before|after|in):/;

/**
 * What the find bar finds for what was typed into it: plain words are one phrase, its last word
 * a prefix while typing ("R CMD che" finds "R CMD check", as every find bar finds what was
 * typed); input written in the query syntax is read as a search query.
 */
export function findTypedInText(text: string, input: string): { matches: TextSpan[]; passage: number | null } {
  if (QUERY_SYNTAX.test(input)) return findQueryInText(text, input, true);
  const tokens = tokenize(input.slice(0, MAX_QUERY_CHARS).normalize('NFC'));
  if (tokens.length === 0) return { matches: [], passage: null };
  const { spans, passage } = findQuery(text, [[{ tokens, prefix: true }]], MAX_MATCHES);
  return { matches: spans, passage };
}

/** The matches of a query in a text, in reading order. */
export function findInText(text: string, query: string, typing = true): TextSpan[] {
  return findQueryInText(text, query, typing).matches;
}

/** The index of the first match at or after `offset` (the last one when none is), -1 without matches. */
export function matchAtOrAfter(matches: readonly TextSpan[], offset: number): number {
  if (matches.length === 0) return -1;
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (matches[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, matches.length - 1);
}

/**
 * Where a hit is, for its card: "p. 27" (the page's printed label when the PDF has labels, else its
 * number) or the heading of its section; empty when the hit's location is unknown.
 */
export function hitPlace(location: HitLocation | undefined): string {
  if (!location) return '';
  if (location.pageLabel || location.page) return `p. ${location.pageLabel ?? location.page}`;
  return location.heading ?? '';
}
