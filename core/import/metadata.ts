// Metadata helpers shared by the extractors: titles from text, dates in text and in metadata
// fields, author lists. Pure functions, no I/O.

/** Longest title we keep, in characters. */
export const MAX_TITLE = 150;

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})';
// One pass over the text finds the first of: "March 10, 2025", "10 March 2025", "2025-03-10".
const DATE_IN_TEXT = new RegExp(
  `\\b(?:${MONTH}\\s+${DAY},?\\s+${YEAR}|${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}|${YEAR}-(\\d{2})-(\\d{2}))(?!\\d)`,
  'gi',
);

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** YYYY-MM-DD when y/m/d is a real calendar date in a plausible range, else null. */
export function ymd(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * The first plausible date written in `text` ("March 10, 2025", "10 March 2025",
 * "Mar. 10, 2025", "2025-03-10"), as YYYY-MM-DD, or null.
 */
export function findDate(text: string, limit = 20000): string | null {
  const hay = text.length > limit ? text.slice(0, limit) : text;
  DATE_IN_TEXT.lastIndex = 0;
  for (const m of hay.matchAll(DATE_IN_TEXT)) {
    let found: string | null = null;
    if (m[1] !== undefined) found = ymd(Number(m[3]), MONTHS[m[1].toLowerCase()] ?? 0, Number(m[2]));
    else if (m[5] !== undefined) found = ymd(Number(m[6]), MONTHS[m[5].toLowerCase()] ?? 0, Number(m[4]));
    else if (m[7] !== undefined) found = ymd(Number(m[7]), Number(m[8]), Number(m[9]));
    if (found && plausibleYear(found)) return found;
  }
  return null;
}

function plausibleYear(date: string): boolean {
  const y = Number(date.slice(0, 4));
  return y >= 1450 && y <= new Date().getUTCFullYear() + 5;
}

/**
 * Any date string from metadata (ISO 8601, PDF "D:YYYYMMDDHHmmSS…", RFC 2822 / HTTP dates,
 * "March 10, 2025") → YYYY-MM-DD, or null. The date is taken as written: a time zone never
 * moves it to another day. A bare year is not a date (null).
 */
export function normalizeDate(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (!s) return null;
  // PDF date: D:YYYYMMDDHHmmSSOHH'mm' (every part after the year optional; "D:" often missing).
  let m = /^(?:D:)?\s*(\d{4})(\d{2})(\d{2})?(?:\d{0,6})(?:[Z+\-].*)?$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1);
  // ISO 8601 and friends: 2025-03-10, 2025-03-10T12:00:00Z, 2025/03/10, 2025.03.10, 2025-03.
  m = /^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?![\d])/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[3]), m[4] ? Number(m[4]) : 1);
  // Written dates, RFC 2822 ("Mon, 10 Mar 2025 12:00:00 GMT").
  const written = findDate(s, 200);
  if (written) return written;
  // Last resort (e.g. "03/10/2025 10:00"): the JS parser, only for a day, a month and a
  // 4-digit year, and only when it agrees with that year.
  const year = /(?<!\d)(\d{4})(?!\d)/.exec(s);
  if (!year || !/\d+\D+\d+\D+\d+/.test(s)) return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  if (d.getFullYear() !== Number(year[1])) return null;
  return ymd(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/** Collapse whitespace and cut to at most `max` characters at a word boundary, adding "…". */
export function clampTitle(raw: string | null | undefined, max = MAX_TITLE): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.replace(/\s+/g, ' ').trim();
  if (!s) return null;
  if (s.length <= max) return s;
  let cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.5) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.\-–—(]+$/u, '')}…`;
}

/**
 * A title made from a document's text: its first non-empty line (markdown heading marks and
 * list bullets removed); a long line gives its first sentence when that is short enough, else
 * the line cut at a word boundary with "…".
 */
export function titleFromText(text: string): string | null {
  let start = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const line = text
      .slice(start, Math.min(end, start + 2000))
      .replace(/^\s*(?:#{1,6}\s+|[-*•]\s+)?/u, '')
      .replace(/\s+/g, ' ')
      .trim();
    start = end + 1;
    if (!/\p{L}/u.test(line)) continue;
    if (line.length <= MAX_TITLE) return line;
    const sentence = /^(.{12,}?[.!?])(?=\s+["“‘(\[]?\p{Lu})/u.exec(line);
    if (sentence?.[1] && sentence[1].length <= MAX_TITLE) return sentence[1].replace(/\.$/, '');
    return clampTitle(line);
  }
  return null;
}

/** The file name without folders and without its extension, as a last-resort title. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return clampTitle(stem) ?? (base || 'Untitled');
}

/**
 * Split an author field into names: "A and B", "A, B and C", "A; B", "A & B". A comma splits
 * only when every part looks like a full name, so "Smith, John" stays one name.
 */
export function splitAuthors(raw: string | null | undefined): string[] {
  if (typeof raw !== 'string') return [];
  let s = raw.replace(/\s+/g, ' ').trim();
  s = s.replace(/^(?:written\s+)?by\s+/i, '').trim();
  if (!s) return [];
  const out: string[] = [];
  for (const group of s.split(/\s*;\s*|\s*\|\s*/)) {
    const parts = group.split(/\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+/i).filter(Boolean);
    const fullNames = parts.length > 1 && parts.every((p) => /\S\s+\S/.test(p));
    if (fullNames) out.push(...parts);
    else {
      // "Smith, John and Doe, Jane": split on "and"/"&" only.
      out.push(...group.split(/\s+(?:and|&)\s+/i));
    }
  }
  return dedupe(out.map((a) => a.trim()).filter((a) => a.length > 0 && a.length <= 200 && !/^https?:/i.test(a)));
}

export function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    const key = n.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  return out;
}
