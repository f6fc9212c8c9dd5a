// Reading order of a page's lines: columns. A gutter is a vertical band of whitespace that crosses
// a run of consecutive lines with prose on both sides of it. Inside such a run the text left of
// the gutter is read first, top to bottom, then the text right of it; lines outside any run (a
// full-width title, a footer, a table, code) stay where they are, in top-to-bottom order.
//
// Lines whose baselines align across the gutter (a side-by-side parallel text, many journals) and
// lines that do not (each column's lines between the other's) are handled alike: a line with
// text on one side only leaves the gutter free too.
//
// Tables and code also have vertical bands of whitespace; reading them column by column would
// scramble them. So a band only counts as a gutter when both sides read like prose columns: on
// average at least MIN_WORDS words a line, lines filling their column, columns at least
// MIN_COLUMN_EM wide, set in a proportional font (code is set in a typewriter font, where every
// character advances as far). A two-column table of terms and their descriptions, a table of
// numbers or code with comments beside it fail one of these and keep their rows; so does a side
// whose lines mostly have wide gaps of their own (the other columns of a table).
//
// Unless the PDF itself draws the text column by column: when every word left of the band comes
// before every word right of it in the content stream, reading by columns is what the page's
// producer did, and laxer tests suffice (an index of function names in a typewriter face, with
// short entries). Content order is what we fall back on when unsure.

/** Narrowest gutter, in ems of the page's body text (justified word spaces stay well below). */
const MIN_GUTTER_EM = 1;
/** Fewest lines a gutter must cross, and fewest lines with text on each side of it. */
const MIN_LINES = 3;
const MIN_SIDE_LINES = 3;
const MIN_WORDS = 2.5;
const MIN_FILL = 0.55;
/** The same where the content stream has the columns one after the other. */
const MIN_WORDS_DRAWN = 1.5;
const MIN_FILL_DRAWN = 0.4;
const MIN_COLUMN_EM = 8;
/** A vertical gap this many ems wide ends a band: a footer far below a column is not its line. */
const MAX_LEAD_EM = 4;

/**
 * The lines of a page, top to bottom; the words of line i are lineStart[i] .. lineStart[i+1]-1,
 * sorted by their left edge; u0/u1 are each word's left and right edge along the baseline.
 */
export interface LineWords {
  lines: number;
  lineStart: Int32Array;
  u0: Float64Array;
  u1: Float64Array;
  /** Each line's baseline (larger is higher up the page). */
  v: Float64Array;
  /** Per word: WORD_MONOSPACED when its characters advance equally, WORD_PROPORTIONAL when not,
   * 0 when it cannot tell (too short). */
  font: Uint8Array;
  /** Per word: its place in the content stream (any increasing numbering). */
  seq: Int32Array;
}

export const WORD_MONOSPACED = 1;
export const WORD_PROPORTIONAL = 2;

interface Band {
  a: number;
  b: number;
  first: number;
  last: number;
}

/**
 * The page's text as pieces in reading order: triples (line, first word, end word) in a flat
 * array; a line crossed by a gutter is one piece per column, any other line one piece.
 */
export function readingOrder(l: LineWords, em: number): Int32Array {
  const gutters = l.lines >= MIN_LINES ? findGutters(l, em) : [];
  const out = new Int32Array(3 * (l.lines * (gutters.length + 1)));
  let n = 0;
  const piece = (line: number, from: number, to: number): void => {
    if (to <= from) return;
    out[n++] = line;
    out[n++] = from;
    out[n++] = to;
  };
  if (gutters.length === 0) {
    for (let i = 0; i < l.lines; i++) piece(i, l.lineStart[i]!, l.lineStart[i + 1]!);
    return out.subarray(0, n);
  }
  // Blocks: consecutive lines crossed by the same gutters.
  const key = (i: number): string => {
    let k = '';
    for (let g = 0; g < gutters.length; g++) if (gutters[g]!.first <= i && i <= gutters[g]!.last) k += g + ',';
    return k;
  };
  for (let i = 0; i < l.lines; ) {
    const k = key(i);
    let j = i + 1;
    while (j < l.lines && key(j) === k) j++;
    const cuts = gutters.filter((g) => g.first <= i && i <= g.last).sort((x, y) => x.a - y.a);
    for (let c = 0; c <= cuts.length; c++) {
      const lo = c === 0 ? -Infinity : cuts[c - 1]!.b - 1e-3;
      const hi = c === cuts.length ? Infinity : cuts[c]!.a + 1e-3;
      for (let li = i; li < j; li++) {
        let from = l.lineStart[li]!;
        const end = l.lineStart[li + 1]!;
        while (from < end && l.u0[from]! < lo) from++;
        let to = from;
        while (to < end && l.u1[to]! <= hi) to++;
        piece(li, from, to);
      }
    }
    i = j;
  }
  return out.subarray(0, n);
}

/** The gutters of a page: bands of whitespace down consecutive lines, with prose on both sides. */
function findGutters(l: LineWords, em: number): Band[] {
  const wmin = MIN_GUTTER_EM * em;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (let w = 0; w < l.lineStart[l.lines]!; w++) {
    if (l.u0[w]! < x0) x0 = l.u0[w]!;
    if (l.u1[w]! > x1) x1 = l.u1[w]!;
  }
  let open: Band[] = [];
  const closed: Band[] = [];
  const free: number[] = [];
  for (let i = 0; i < l.lines; i++) {
    // This line's free intervals (margins included: a line on one side leaves the other free).
    free.length = 0;
    let cursor = x0;
    for (let w = l.lineStart[i]!; w < l.lineStart[i + 1]!; w++) {
      if (l.u0[w]! - cursor >= wmin) free.push(cursor, l.u0[w]!);
      if (l.u1[w]! > cursor) cursor = l.u1[w]!;
    }
    if (x1 - cursor >= wmin) free.push(cursor, x1);
    const next: Band[] = [];
    const far = i > 0 && l.v[i - 1]! - l.v[i]! > MAX_LEAD_EM * em;
    for (const band of open) {
      if (far) {
        band.last = i - 1;
        closed.push(band);
        continue;
      }
      let bestA = 0;
      let bestB = -1;
      for (let f = 0; f < free.length; f += 2) {
        const a = Math.max(band.a, free[f]!);
        const b = Math.min(band.b, free[f + 1]!);
        if (b - a >= wmin && b - a > bestB - bestA) {
          bestA = a;
          bestB = b;
        }
      }
      if (bestB >= 0) {
        band.a = bestA;
        band.b = bestB;
        if (!next.some((o) => o.a === band.a && o.b === band.b)) next.push(band);
      } else {
        band.last = i - 1;
        closed.push(band);
      }
    }
    for (let f = 0; f < free.length; f += 2) {
      if (!next.some((o) => o.a === free[f] && o.b === free[f + 1])) next.push({ a: free[f]!, b: free[f + 1]!, first: i, last: -1 });
    }
    open = next;
  }
  for (const band of open) {
    band.last = l.lines - 1;
    closed.push(band);
  }
  const good = closed.filter((g) => isGutter(l, g, em)).sort((x, y) => y.last - y.first - (x.last - x.first) || y.b - y.a - (x.b - x.a));
  const kept: Band[] = [];
  for (const g of good) {
    const clash = kept.some((k) => k.first <= g.last && g.first <= k.last && !(g.b <= k.a || g.a >= k.b));
    if (!clash) kept.push(g);
  }
  return kept;
}

/** Whether both sides of a band read like prose columns (see the top of this file). */
function isGutter(l: LineWords, g: Band, em: number): boolean {
  if (g.last - g.first + 1 < MIN_LINES) return false;
  const wmin = MIN_GUTTER_EM * em;
  const eps = 1e-3;
  let lLines = 0;
  let lWords = 0;
  let lWidth = 0;
  let lMin = Infinity;
  let lMax = -Infinity;
  let rLines = 0;
  let rWords = 0;
  let rWidth = 0;
  let rMin = Infinity;
  let rMax = -Infinity;
  let lGappy = 0; // lines with a gap of a gutter's width inside a side: a table's columns
  let rGappy = 0;
  let lLast = -1; // the latest left word in the content stream
  let rFirst = 2 ** 31; // the earliest right word
  // Words set in a typewriter face and in a book face, on each side.
  let lMono = 0;
  let lProp = 0;
  let rMono = 0;
  let rProp = 0;
  for (let i = g.first; i <= g.last; i++) {
    let la = Infinity;
    let lb = -Infinity;
    let ra = Infinity;
    let rb = -Infinity;
    let nl = 0;
    let nr = 0;
    let gappyL = false;
    let gappyR = false;
    for (let w = l.lineStart[i]!; w < l.lineStart[i + 1]!; w++) {
      const mono = l.font[w] === WORD_MONOSPACED ? 1 : 0;
      const prop = l.font[w] === WORD_PROPORTIONAL ? 1 : 0;
      const gap = w > l.lineStart[i]! && l.u0[w]! - l.u1[w - 1]! >= wmin;
      if (l.u1[w]! <= g.a + eps) {
        if (gap && nl > 0) gappyL = true;
        lMono += mono;
        lProp += prop;
        if (l.seq[w]! > lLast) lLast = l.seq[w]!;
        nl++;
        la = Math.min(la, l.u0[w]!);
        lb = Math.max(lb, l.u1[w]!);
      } else if (l.u0[w]! >= g.b - eps) {
        if (gap && nr > 0) gappyR = true;
        rMono += mono;
        rProp += prop;
        if (l.seq[w]! < rFirst) rFirst = l.seq[w]!;
        nr++;
        ra = Math.min(ra, l.u0[w]!);
        rb = Math.max(rb, l.u1[w]!);
      }
    }
    if (gappyL) lGappy++;
    if (gappyR) rGappy++;
    if (nl) {
      lLines++;
      lWords += nl;
      lWidth += lb - la;
      lMin = Math.min(lMin, la);
      lMax = Math.max(lMax, lb);
    }
    if (nr) {
      rLines++;
      rWords += nr;
      rWidth += rb - ra;
      rMin = Math.min(rMin, ra);
      rMax = Math.max(rMax, rb);
    }
  }
  if (lLines < MIN_SIDE_LINES || rLines < MIN_SIDE_LINES) return false;
  const lExtent = lMax - lMin;
  const rExtent = rMax - rMin;
  if (lExtent < MIN_COLUMN_EM * em || rExtent < MIN_COLUMN_EM * em) return false;
  const drawn = lLast < rFirst; // the content stream reads the columns one after the other
  const words = drawn ? MIN_WORDS_DRAWN : MIN_WORDS;
  const fill = drawn ? MIN_FILL_DRAWN : MIN_FILL;
  if (lWords / lLines < words || rWords / rLines < words) return false;
  if (lWidth / lLines < fill * lExtent || rWidth / rLines < fill * rExtent) return false;
  if (drawn) return true;
  // A table: most lines of a side have columns of their own.
  if (lGappy * 2 > lLines || rGappy * 2 > rLines) return false;
  // Code, or a table of code: a typewriter face on either side.
  return lMono < lProp && rMono < rProp;
}
