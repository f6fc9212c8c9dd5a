// Where a document hit's first match is: its offset in the text, its page (PDFs) and the heading of
// its section (text documents), so the hit can say "p. 27" or "Installing packages" and the reader
// can open there. Reading a hit's whole text would cost too much beside a search that takes a few
// milliseconds (a 2,400-page PDF holds 12 million characters), so the text is read in growing
// windows from its start until a match turns up: most hits match in their first window, and past
// MAX_SCAN_CHARS a hit simply has no location (the reader still finds its first match itself).
// Large documents are searched only in the part of their text their snippet was read from.
import { bodySlice, documentPlace, type DocumentPlace } from '../../db/search.ts';
import { parsePageLabels } from '../annotate/placement.ts';
import { pageOfOffset } from '../anchoring/pdf-quads.ts';
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
    return at === undefined ? undefined : { offset: at, ...where(place, at, lineThrough(window, at), 0) };
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
    if (passage !== null) return { offset: base + passage, ...where(place, base + passage, lineThrough(text, passage), base) };
    const match = spans[0];
    if (match && !first) first = { offset: base + match.start, ...where(place, base + match.start, lineThrough(text, match.start), base) };
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

/**
 * The page (and its label) and the section heading of an offset. `before` is the text up to the
 * end of its line, starting at offset `from` of the document's text. A document with a stored
 * structure names the heading block its offset follows, when that heading's text is at hand in
 * `before`; one without is read as the reader read plain text (sectionHeading).
 */
function where(place: DocumentPlace, offset: number, before: string, from: number): Omit<HitLocation, 'offset'> {
  if (place.kind === 'pdf') {
    const starts = place.pageStarts ? (JSON.parse(place.pageStarts) as number[]) : null;
    if (!starts || starts.length === 0) return {};
    const page = pageOfOffset(starts, offset)!;
    const label = parsePageLabels(place.pageLabels)[page - 1];
    return label ? { page, pageLabel: label } : { page };
  }
  if (place.structure !== null) {
    const range = headingBefore(place.structure, offset);
    if (!range || range[0] < from || range[1] > from + before.length) return {};
    const heading = before.slice(range[0] - from, range[1] - from).replace(/\s+/g, ' ').trim();
    return heading ? { heading } : {};
  }
  const heading = sectionHeading(before.slice(-HEADING_LOOKBACK_CHARS));
  return heading ? { heading } : {};
}

/** A heading block of a stored structure as it is written in its JSON: ["h",start,end,… */
const HEADING_BLOCK = /\["h",(\d+),(\d+),/g;

/**
 * The [start, end) of the last heading that starts at or before `offset`, read from the
 * structure's JSON without parsing all of it (a book's structure is megabytes; headings are few).
 */
export function headingBefore(structureJson: string, offset: number): [number, number] | null {
  let found: [number, number] | null = null;
  for (const m of structureJson.matchAll(HEADING_BLOCK)) {
    const start = Number(m[1]);
    if (start > offset) break; // blocks are in document order
    found = [start, Number(m[2])];
  }
  return found;
}

const ITEM = /^\s*(?:[-*•‣◦]|\d{1,3}[.)])\s+/;
const ENDS_SENTENCE = /[.!?;:,"”’)\]]$/;

/**
 * The last heading before the last line of `before` (text up to the end of a match's line), or null,
 * for a document without a stored structure (plain text): as the reader splits plain text
 * (renderer/lib/structure.ts), a "#" line, or a short capitalised line followed by a longer one.
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
