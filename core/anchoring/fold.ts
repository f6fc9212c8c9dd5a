// Folding text for tolerant quote matching. A quote typed by a person, or a text extracted again
// by a newer extractor, differs from the stored text in ways that do not change what it says:
// line breaks and double spaces, case, diacritics ("Pristina" / "Priština"), typographic quotes
// and dashes, ligatures (PDFs), soft hyphens. Folding removes those differences; every folded
// UTF-16 unit remembers the span of the original text it came from, so a match found in folded
// text maps back to exact offsets in the original.

export interface FoldedText {
  /** The folded text: whitespace runs are one space, letters lower-case without diacritics. */
  text: string;
  /** starts[i]: offset in the original text where the source of folded unit i starts. */
  starts: Int32Array;
  /** ends[i]: offset in the original text where the source of folded unit i ends. */
  ends: Int32Array;
}

const foldCache = new Map<string, string>();

// Characters that vanish: soft hyphen, zero-width space/joiners, word joiner, BOM.
const INVISIBLE = /^[\u00ad\u200b-\u200d\u2060\ufeff]$/;

/** Folds one code point (given as a string) that is not ASCII. */
function foldChar(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    if (INVISIBLE.test(ch)) folded = '';
    else if (/^\s$/u.test(ch)) folded = ' ';
    else
      folded = ch
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
        .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
        .replace(/[\u2010-\u2015\u2212]/g, '-')
        .replace(/\s+/gu, ' ');
    if (foldCache.size < 10_000) foldCache.set(ch, folded);
  }
  return folded;
}

function isAsciiSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** Folds `text`, keeping for each folded unit the original span it came from. */
export function foldText(text: string): FoldedText {
  let capacity = text.length + 16;
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  const out: string[] = [];
  let chunk = '';
  let n = 0; // folded units so far
  let lastWasSpace = false;

  const push = (unit: string, start: number, end: number): void => {
    if (n === capacity) {
      capacity *= 2;
      const s = new Int32Array(capacity);
      s.set(starts);
      starts = s;
      const e = new Int32Array(capacity);
      e.set(ends);
      ends = e;
    }
    starts[n] = start;
    ends[n] = end;
    n += 1;
    chunk += unit;
    if (chunk.length >= 4096) {
      out.push(chunk);
      chunk = '';
    }
  };

  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      if (isAsciiSpace(code)) {
        if (lastWasSpace) ends[n - 1] = i + 1;
        else push(' ', i, i + 1);
        lastWasSpace = true;
      } else {
        push(code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i]!, i, i + 1);
        lastWasSpace = false;
      }
      i += 1;
      continue;
    }
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
    const folded = foldChar(text.slice(i, i + width));
    if (folded === '') {
      // A vanished character (or a lone combining mark) belongs to the unit before it.
      if (n > 0) ends[n - 1] = i + width;
    } else {
      for (const unit of folded) {
        if (unit === ' ') {
          if (lastWasSpace) ends[n - 1] = i + width;
          else push(' ', i, i + width);
          lastWasSpace = true;
        } else {
          // A unit may be a surrogate pair; both halves map to the same source.
          for (let k = 0; k < unit.length; k += 1) push(unit[k]!, i, i + width);
          lastWasSpace = false;
        }
      }
    }
    i += width;
  }
  out.push(chunk);
  return { text: out.join(''), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** Folds a quote or context string when no offsets are needed. */
export function foldString(s: string): string {
  return foldText(s).text;
}

/** The original span of folded units [start, end). */
export function originalSpan(folded: FoldedText, start: number, end: number): { start: number; end: number } {
  return { start: folded.starts[start]!, end: folded.ends[end - 1]! };
}

/** The folded offset of the first unit whose source starts at or after `offset` in the original. */
export function foldedOffset(folded: FoldedText, offset: number): number {
  let lo = 0;
  let hi = folded.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (folded.starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
