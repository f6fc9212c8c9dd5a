// Where a document hit's first match is: its offset in the text, its page (PDFs) and the heading of
// its section (text documents), so the hit can say "p. 27" or "Installing packages" and the reader
// can open there. Reading a hit's whole text would cost too much beside a search that takes a few
// milliseconds (a 2,400-page PDF holds 12 million characters), so the text is read in growing
// windows from its start until a match turns up: most hits match in their first window, and past
// MAX_SCAN_CHARS a hit simply has no location (the reader still finds its first match itself).
// Large documents are searched only in the part of their text their snippet was read from.
import { bodySlice, documentPlace } from '../../db/search.ts';
import type { Db } from '../../db/open.ts';
import type { HitLocation } from '../types.ts';
import { findQuery, type MatchTerm } from './text-match.ts';

/** The first window, then each next one this many times larger. */
const FIRST_WINDOW_CHARS = 8 * 1024;
const GROWTH = 8;
/** Characters read at most to find a hit's first match. */
export const MAX_SCAN_CHARS = 2 * 1024 * 1024;
/** Characters before a match searched for the heading of its section. */
const HEADING_LOOKBACK_CHARS = 4000;
/** Text kept from one window to the next, so that a phrase cut by the window's end is still found. */
const CARRY = 400;

/** Matches looked at per window: enough to find a passage near the start of a text. */
const WINDOW_MATCHES = 2000;

/**
 * Where the query (its `clauses`, as parseQuery gives them) first matches in document `id`: the
 * start of its first passage (findQuery), else its first match; undefined when neither is found. For a large document
 * (`large`), SQLite reads the whole text to give any part of it (10–20 ms for 12 million
 * characters), so only `window`, the start of the text its snippet was already read from, is
 * searched; without it the hit has no location.
 */
export function locateHit(
  db: Db,
  id: number,
  clauses: readonly (readonly MatchTerm[])[],
  options: { large?: boolean; window?: string | null } = {},
): HitLocation | undefined {
  if (clauses.length === 0) return undefined;
  if (options.large && typeof options.window !== 'string') return undefined;
  const windowed = typeof options.window === 'string';
  const place = documentPlace(db, id, windowed ? 0 : FIRST_WINDOW_CHARS);
  if (!place) return undefined;
  if (windowed) {
    const window = options.window!;
    const { spans, passage } = findQuery(window, clauses, WINDOW_MATCHES);
    const at = passage ?? spans[0]?.start;
    return at === undefined ? undefined : { offset: at, ...where(place, at, lineThrough(window, at)) };
  }
  // The first match, kept while reading on for a passage.
  let first: HitLocation | undefined;
  let read = 0; // code points read
  let base = 0; // UTF-16 offset of `carry`'s start in the text
  let carry = '';
  let window = FIRST_WINDOW_CHARS;
  while (read < MAX_SCAN_CHARS) {
    const want = Math.min(window, MAX_SCAN_CHARS - read);
    // The first window came with the document's row.
    const chunk = read === 0 ? place.start : bodySlice(db, id, read, want);
    if (chunk === '') break;
    read += want;
    const last = chunk.length < want; // fewer UTF-16 units than code points asked for: the end
    const text = carry + chunk;
    const { spans, passage } = findQuery(text, clauses, WINDOW_MATCHES);
    if (passage !== null) return { offset: base + passage, ...where(place, base + passage, lineThrough(text, passage)) };
    const match = spans[0];
    if (match && !first) first = { offset: base + match.start, ...where(place, base + match.start, lineThrough(text, match.start)) };
    if (last) break;
    // The carried tail starts after a space, so its first word is a word start.
    const tail = text.length - CARRY;
    const space = tail > 0 ? text.slice(tail).search(/\s/) : -1;
    const cut = space < 0 ? text.length : tail + space + 1;
    base += cut;
    carry = text.slice(cut);
    window *= GROWTH;
  }
  return first;
}

/** `text` up to the end of the line holding `at`. */
function lineThrough(text: string, at: number): string {
  const end = text.indexOf('\n', at);
  return end < 0 ? text : text.slice(0, end);
}

/** The page and section heading of an offset; `before` is the text up to the end of its line. */
function where(place: { kind: string; pageStarts: string | null }, offset: number, before: string): Omit<HitLocation, 'offset'> {
  if (place.kind === 'pdf') {
    const starts = place.pageStarts ? (JSON.parse(place.pageStarts) as number[]) : null;
    return starts && starts.length > 0 ? { page: pageOf(starts, offset) } : {};
  }
  const heading = sectionHeading(before.slice(-HEADING_LOOKBACK_CHARS));
  return heading ? { heading } : {};
}

/** The 1-based page holding an offset. */
export function pageOf(pageStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = pageStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pageStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const ITEM = /^\s*(?:[-*•‣◦]|\d{1,3}[.)])\s+/;
const ENDS_SENTENCE = /[.!?;:,"”’)\]]$/;

/**
 * The last heading before the last line of `before` (text up to the end of a match's line), or null. Headings are recognised as the
 * reader recognises them today (renderer/lib/paragraphs.ts: a "#" line, or a short capitalised line
 * followed by a longer one); when documents carry their structure (heading blocks), this is the
 * one function to point at it.
 */
export function sectionHeading(before: string): string | null {
  const lines = before.split('\n').map((l) => l.replace(/\r$/, ''));
  // The line holding the match is not a heading of what follows it; the ones before are candidates.
  for (let i = lines.length - 2; i >= 0; i--) {
    const t = lines[i]!.trim();
    if (t === '') continue;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '');
    if (t.startsWith('#')) return t.replace(/^#+\s*/, '').replace(/\s*#+$/, '') || null;
    if (t.length > 90 || ENDS_SENTENCE.test(t) || ITEM.test(t) || !/^[\p{Lu}\d]/u.test(t) || t.split(/\s+/).length > 12) continue;
    if (next !== undefined && (next.trim().length > t.length || ITEM.test(next))) return t;
  }
  return null;
}
