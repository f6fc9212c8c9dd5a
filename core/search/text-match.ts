// Matching a query's words and phrases in a document's text exactly as the full-text index does:
// FTS5's unicode61 tokenizer with remove_diacritics 2 (unicode61-table.ts), so "pristina" finds
// "Priština", "e-mail" finds "e mail", a phrase runs across line breaks and punctuation, and
// `secur*` finds the words starting with "secur". Instead of folding the text (a 2,400-page PDF is
// 12 million characters: a folded copy and its offset map would cost time and tens of megabytes
// per document), the query is unfolded: each of its letters becomes the class of every character
// the tokenizer folds to it, and the regular expression runs over the original text, so the
// offsets it yields are the text's own.
//
// One matcher serves core (locating a search hit) and the reader (marking matches): it and its
// table import nothing, so the renderer may import them (.dependency-cruiser.cjs allows these
// two pure modules beside the contract's types).
import { FOLD_RUNS, TOKEN_RANGES, VANISHING_RANGES } from './unicode61-table.ts';
import { isVanishing, tokenize } from './unicode61.ts';

/** The words of a text as the tokenizer cuts them (unicode61.ts), for the matcher's callers. */
export { tokenize };

/** A word, a phrase (several tokens) or a prefix (`prefix`: the last token starts a word). */
export interface MatchTerm {
  tokens: string[];
  prefix: boolean;
}

/** A span of a text: [start, end) in UTF-16 units. */
export interface TextSpan {
  start: number;
  end: number;
}

function ranges(table: string): [number, number][] {
  return table.split(',').map((part) => {
    const [a, b] = part.split('-');
    return [parseInt(a!, 36), parseInt(b ?? a!, 36)];
  });
}

function inRanges(list: [number, number][], cp: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < list[mid]![0]) hi = mid - 1;
    else if (cp > list[mid]![1]) lo = mid + 1;
    else return true;
  }
  return false;
}

const hex = (cp: number) => `\\u{${cp.toString(16)}}`;

function classBody(list: [number, number][]): string {
  const out: string[] = [];
  for (const [a, b] of list) {
    // The generated table lets ranges run across the surrogates, which are never letters.
    if (a < 0xd800 && b > 0xdfff) out.push(`${hex(a)}-${hex(0xd7ff)}`, `${hex(0xe000)}-${hex(b)}`);
    else out.push(a === b ? hex(a) : `${hex(a)}-${hex(b)}`);
  }
  return out.join('');
}

interface Tables {
  /** Class body of the characters that make words. */
  token: string;
  /** Class body of the accents the tokenizer drops inside words. */
  vanishing: string;
  isToken: (cp: number) => boolean;
  /** The code point a character folds to (itself when it does not fold). */
  fold: Map<number, number>;
  /** Every character folding to a code point, for those that others fold to. */
  unfold: Map<number, number[]>;
}

let tables: Tables | null = null;

function load(): Tables {
  if (tables) return tables;
  const vanishingRanges = ranges(VANISHING_RANGES);
  const fold = new Map<number, number>();
  const unfold = new Map<number, number[]>();
  for (const run of FOLD_RUNS.split(',')) {
    const [from, count, step, delta] = run.split(':').map((v) => parseInt(v, 36)) as [number, number, number, number];
    for (let k = 0; k < count; k++) {
      const cp = from + k * step;
      fold.set(cp, cp + delta);
      const list = unfold.get(cp + delta);
      if (list) list.push(cp);
      else unfold.set(cp + delta, [cp]);
    }
  }
  const tokenRanges = ranges(TOKEN_RANGES);
  // A bitmap of the BMP for the check at every match; the astral planes by a search of the ranges.
  const bmp = new Uint8Array(0x10000);
  for (const [a, b] of tokenRanges) for (let cp = a; cp <= Math.min(b, 0xffff); cp++) bmp[cp] = 1;
  for (let cp = 0xd800; cp <= 0xdfff; cp++) bmp[cp] = 0;
  tables = {
    token: classBody(tokenRanges),
    isToken: (cp) => (cp < 0x10000 ? bmp[cp] === 1 : inRanges(tokenRanges, cp)),
    vanishing: classBody(vanishingRanges),
    fold,
    unfold,
  };
  return tables;
}

/** Whether the character just before `index` in `text` is part of a word. */
function isTokenAt(text: string, index: number): boolean {
  const t = load();
  let cp = text.charCodeAt(index - 1);
  if (cp >= 0xdc00 && cp <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) cp = (high - 0xd800) * 0x400 + (cp - 0xdc00) + 0x10000;
  }
  return t.isToken(cp);
}

/** A token as the index stores it: accents dropped, every character folded. */
export function foldToken(token: string): string {
  const t = load();
  let out = '';
  for (const ch of token) {
    const cp = ch.codePointAt(0)!;
    if (isVanishing(cp)) continue;
    out += String.fromCodePoint(t.fold.get(cp) ?? cp);
  }
  return out;
}

/** The pattern of one character of a folded token: itself or anything folding to it, then dropped accents. */
function letter(cp: number, t: Tables): string {
  const all = [cp, ...(t.unfold.get(cp) ?? [])];
  return `[${all.map(hex).join('')}][${t.vanishing}]*`;
}

/**
 * The regular expressions (flags `gu`) of the terms, one per distinct term, or an empty list when
 * no term has a word in it. One expression per term rather than one alternation: V8 scans quickly
 * for a term's first letters, which an alternation of several terms defeats (3 words over 13
 * million characters: ~140 ms as one alternation, ~45 ms as three passes).
 */
export function termPatterns(terms: readonly MatchTerm[]): RegExp[] {
  const t = load();
  const out: RegExp[] = [];
  const seen = new Set<string>();
  for (const term of terms) {
    const tokens = term.tokens.map(foldToken).filter((tok) => tok.length > 0);
    if (tokens.length === 0) continue;
    const key = `${tokens.join(' ')}${term.prefix ? '*' : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let re = compiled.get(key);
    if (!re) {
      const words = tokens.map((tok) => [...tok].map((ch) => letter(ch.codePointAt(0)!, t)).join(''));
      // Between the words of a phrase: anything that is not part of a word (a line break,
      // punctuation, a hyphen), and accents left alone there, which make no word either.
      const between = `[^${t.token}](?:[^${t.token}]|[${t.vanishing}])*`;
      const end = term.prefix ? `[${t.token}]*` : `(?![${t.token}])`;
      re = new RegExp(words.join(between) + end, 'gu');
      // Compiling costs more than matching a short text: the last terms are kept.
      if (compiled.size >= 64) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, re);
    }
    out.push(re);
  }
  return out;
}

const compiled = new Map<string, RegExp>();

/** The matches of one expression, in order. */
function matchesOf(text: string, re: RegExp, limit: number): TextSpan[] {
  re.lastIndex = 0;
  const out: TextSpan[] = [];
  for (let m = re.exec(text); m !== null && out.length < limit; m = re.exec(text)) {
    // A match must start a word. Checked here rather than by a lookbehind in the expression, which
    // would run at every character of the text; this runs only where a term's letters are.
    if (m.index > 0 && isTokenAt(text, m.index)) {
      re.lastIndex = m.index + 1;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** How close together the words of a query must be to make a passage (about two sentences). */
export const PASSAGE_CHARS = 300;

/**
 * Every match of a query's clauses (each clause: terms any of which may match; a query matches
 * where all its clauses do), in reading order, at most `limit`; matches that overlap (a phrase
 * and one of its words, two phrases sharing a word) are one span. And `passage`: the start of the
 * first place where every clause matches within PASSAGE_CHARS — where a hit for "Fortran array
 * bounds checking" is about that, rather than the first "array" of the text — or null when the
 * clauses never come that close (or there is only one: then its first match is the passage).
 */
export function findQuery(text: string, clauses: readonly (readonly MatchTerm[])[], limit = Infinity): { spans: TextSpan[]; passage: number | null } {
  const events: { start: number; end: number; clause: number }[] = [];
  clauses.forEach((clause, c) => {
    for (const re of termPatterns(clause)) for (const m of matchesOf(text, re, limit)) events.push({ ...m, clause: c });
  });
  events.sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: TextSpan[] = [];
  for (const e of events) {
    const last = spans[spans.length - 1];
    if (last && e.start < last.end) last.end = Math.max(last.end, e.end);
    else if (spans.length < limit) spans.push({ start: e.start, end: e.end });
    else break;
  }
  const wanted = clauses.filter((c) => termPatterns(c).length > 0).length;
  if (wanted <= 1) return { spans, passage: spans[0]?.start ?? null };
  // The window ending at each match in turn: the last match of every clause so far, as long as
  // the earliest of them is close enough. Those last matches only move forward, so the first
  // window found starts earliest.
  const lastOf = new Map<number, number>();
  for (const e of events) {
    lastOf.set(e.clause, e.start);
    if (lastOf.size < wanted) continue;
    const left = Math.min(...lastOf.values());
    if (e.end - left <= PASSAGE_CHARS) return { spans, passage: left };
  }
  return { spans, passage: null };
}
