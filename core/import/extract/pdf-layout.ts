// One PDF page's characters → its text and runs (see pdf-glyphs.ts).
//
// 1. Characters: the engine's spaces and line breaks become hints; unmapped glyphs (code 0, or
//    the engine's GLYPH_MAP_ERROR) are left out of the text — never U+FFFD — without leaving a
//    gap; each character gets a direction (its baseline angle to the nearest 5°) and coordinates
//    along (u) and across (v) it, so that a page turned by /Rotate reads in its text's order.
// 2. Words: characters in the engine's order while they continue one another on a baseline
//    (superscripts and subscripts included) without a space between them. A drawn space is a
//    space; a space the engine inferred is one where there is any gap (HINT_EM); elsewhere the
//    gap must be wider (UNHINTED_EM: a "." in a typewriter face leaves a gap inside its advance).
// 3. Lines: words of one direction clustered by baseline; small lines sitting just above or below
//    a line beside its words (footnote marks drawn apart) join it; a line mostly in a
//    right-to-left script reads from its right end.
// 4. Reading order: columns (pdf-columns.ts), top to bottom; text of other directions (a rotated
//    margin note) after the page's main direction.
// 5. Text and runs: ligatures (U+FB00–FB06) become their letters; a word hyphenated at a line end
//    is joined or kept as pdf-hyphen.ts decides, without the line break; runs are horizontal
//    pieces of a line with the x of every boundary between their characters (`edges`).
//
// Hot loops work on typed arrays indexed by character, word and line: a page has thousands of
// characters and a manual thousands of pages.
import { readingOrder, WORD_MONOSPACED, WORD_PROPORTIONAL } from './pdf-columns.ts';
import { GLYPH_GENERATED, GLYPH_HYPHEN, GLYPH_MAP_ERROR, type PageGlyphs, type PageText, type PdfRun } from './pdf-glyphs.ts';
import { hyphenChoice, type HyphenContext } from './pdf-hyphen.ts';

/** A gap between two glyphs not next to each other in the engine's order wider than this many
 * ems is a space. */
const SPACE_EM = 0.15;
/** Between characters in the engine's order: a gap wider than this many ems is a space where the
 * engine saw none; where it saw one, a gap wider than HINT_EM confirms it. */
const UNHINTED_EM = 0.3;
const HINT_EM = 0.05;
/** A character whose baseline is this many ems off its word's is on another line. */
const BASELINE_EM = 0.55;
/** Words whose baselines differ by at most this many ems are on one line. */
const LINE_EM = 0.3;
/** A run (one horizontal piece of a line) ends at a gap wider than this many ems. */
const RUN_GAP_EM = 3;
/** A glyph whose origin lies this many ems before the previous one's starts a new word. */
const BACK_EM = 0.3;

const STEP = Math.PI / 36; // 5°

// Module-local copies: an imported binding may be a getter per access once transpiled.
const GENERATED = GLYPH_GENERATED;
const HYPHEN = GLYPH_HYPHEN;
const MAP_ERROR = GLYPH_MAP_ERROR;

const HINT_SPACE = 1; // the engine inferred a space or line break
const HINT_REAL = 2; // a space character drawn on the page

const r2 = (v: number): number => Math.round(v * 100) / 100;

function isWhite(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b);
}

function isHyphen(code: number, flags: number): boolean {
  return code === 0x2d || code === 0xad || code === 0x2010 || (flags & HYPHEN) !== 0;
}

/** The letters a ligature glyph stands for (U+FB00–FB06), or null. */
const LIGATURE_TEXT = ['ff', 'fi', 'fl', 'ffi', 'ffl', 'st', 'st'];
const ligature = (code: number): string | undefined => (code >= 0xfb00 && code <= 0xfb06 ? LIGATURE_TEXT[code - 0xfb00] : undefined);

const LOWER = /^\p{Ll}/u;
const LETTER = /^\p{L}/u;

export function layoutPage(g: PageGlyphs): PageText {
  const n = g.count;
  // ---- 1. characters ------------------------------------------------------------------------
  const gi = new Int32Array(n); // visible character k is engine character gi[k]
  const u0 = new Float64Array(n);
  const u1 = new Float64Array(n);
  const ou = new Float64Array(n);
  const v = new Float64Array(n);
  const sz = new Float64Array(n);
  const dir = new Int16Array(n); // direction class, an index into dirCos/dirSin
  const hint = new Uint8Array(n); // whitespace between k-1 and k in the engine's order
  const reach = new Float64Array(n); // u1, or further when glyphs left out follow k
  const dirOf = new Int16Array(72).fill(-1);
  const dirCos: number[] = [];
  const dirSin: number[] = [];
  const dirCount: number[] = [];
  let m = 0;
  let pending = 0;
  for (let i = 0; i < n; i++) {
    const code = g.unicode[i]!;
    const f = g.flags[i]!;
    if ((f & GENERATED) !== 0) {
      pending |= HINT_SPACE;
      continue;
    }
    if (isWhite(code)) {
      pending |= HINT_REAL;
      continue;
    }
    const hyphen = (f & HYPHEN) !== 0;
    if (!hyphen && (code === 0 || (f & MAP_ERROR) !== 0 || code < 32 || (code >= 0x7f && code < 0xa0) || code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff)) {
      // Left out, but its glyph is no gap: the characters on either side stay one word.
      if (m > 0 && dirCos[dir[m - 1]!] === 1 && Math.abs(g.origin[i * 2 + 1]! - g.origin[gi[m - 1]! * 2 + 1]!) < 0.1 * sz[m - 1]!) reach[m - 1] = Math.max(reach[m - 1]!, g.box[i * 4 + 2]!);
      continue;
    }
    let a = g.angle[i]! % (2 * Math.PI);
    if (a < 0) a += 2 * Math.PI;
    const bucket = Math.round(a / STEP) % 72;
    let d = dirOf[bucket]!;
    if (d < 0) {
      d = dirOf[bucket] = dirCos.length;
      // Exact values for the right angles, so that horizontal text stays exactly horizontal.
      const q = bucket % 18 === 0 ? bucket / 18 : -1;
      dirCos.push(q === 0 ? 1 : q === 2 ? -1 : q >= 0 ? 0 : Math.cos(bucket * STEP));
      dirSin.push(q === 1 ? 1 : q === 3 ? -1 : q >= 0 ? 0 : Math.sin(bucket * STEP));
      dirCount.push(0);
    }
    dirCount[d]!++;
    const c = dirCos[d]!;
    const s = dirSin[d]!;
    const l = g.box[i * 4]!;
    const b = g.box[i * 4 + 1]!;
    const r = g.box[i * 4 + 2]!;
    const t = g.box[i * 4 + 3]!;
    const ox = g.origin[i * 2]!;
    const oy = g.origin[i * 2 + 1]!;
    if (c === 1) {
      u0[m] = l;
      u1[m] = r;
    } else {
      const p1 = l * c + b * s;
      const p2 = r * c + b * s;
      const p3 = l * c + t * s;
      const p4 = r * c + t * s;
      u0[m] = Math.min(p1, p2, p3, p4);
      u1[m] = Math.max(p1, p2, p3, p4);
    }
    ou[m] = ox * c + oy * s;
    v[m] = oy * c - ox * s;
    if (u1[m]! < ou[m]!) u1[m] = ou[m]!;
    reach[m] = u1[m]!;
    const size = g.fontSize[i]! > 0 ? g.fontSize[i]! : Math.max(Math.abs(t - b), Math.abs(r - l), 1);
    sz[m] = size;
    dir[m] = d;
    hint[m] = pending;
    pending = 0;
    gi[m] = i;
    m++;
  }
  if (m === 0) return { text: '', runs: [] };

  // The gap is measured from the ink's right edge to the next glyph's origin: a narrow glyph in
  // a wide advance (a "." in a typewriter font) leaves a gap without a space, so where the engine
  // saw no space, only a wide gap makes one.
  const spaceBefore = (p: number, k: number): boolean => {
    const em = sz[p]! > sz[k]! ? sz[p]! : sz[k]!;
    const gap = ou[k]! - reach[p]!;
    if (k !== p + 1) return gap > SPACE_EM * em;
    if (hint[k]! & HINT_REAL) return true;
    if (hint[k]! & HINT_SPACE) return gap > HINT_EM * em;
    return gap > UNHINTED_EM * em;
  };

  // ---- 2. words -----------------------------------------------------------------------------
  const wFirst = new Int32Array(m);
  const wEnd = new Int32Array(m);
  const wU0 = new Float64Array(m);
  const wU1 = new Float64Array(m);
  const wV = new Float64Array(m);
  const wSize = new Float64Array(m);
  const wRtl = new Uint8Array(m); // the word is in a right-to-left script
  let nw = 0;
  for (let k = 0; k < m; k++) {
    const w = nw - 1;
    const p = k - 1;
    let cont = w >= 0 && dir[p] === dir[k];
    if (cont) {
      const em = wSize[w]! > sz[k]! ? wSize[w]! : sz[k]!;
      cont = Math.abs(v[k]! - wV[w]!) <= BASELINE_EM * em && ou[k]! >= ou[p]! - BACK_EM * em && !spaceBefore(p, k);
    }
    if (cont) {
      const w = nw - 1;
      wEnd[w] = k + 1;
      if (u0[k]! < wU0[w]!) wU0[w] = u0[k]!;
      if (u1[k]! > wU1[w]!) wU1[w] = u1[k]!;
      if (sz[k]! > wSize[w]! * 1.05) {
        wSize[w] = sz[k]!; // the word's baseline is that of its largest characters
        wV[w] = v[k]!;
      }
    } else {
      wFirst[nw] = k;
      wEnd[nw] = k + 1;
      wU0[nw] = u0[k]!;
      wU1[nw] = u1[k]!;
      wV[nw] = v[k]!;
      wSize[nw] = sz[k]!;
      const c = g.unicode[gi[k]!]!;
      wRtl[nw] = (c >= 0x590 && c <= 0x8ff) || (c >= 0xfb1d && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc) ? 1 : 0;
      nw++;
    }
  }

  // The page's body size: the size most characters have (for column widths).
  const em = bodySize(sz, m);

  // ---- 3 & 4. lines and reading order, per direction (the most used first) ------------------
  const dirs = dirCount.map((count, d) => ({ count, d })).sort((x, y) => y.count - x.count);
  const pieces: Int32Array[] = [];
  const pieceWords: Int32Array[] = [];
  for (const { d } of dirs) {
    const { order, lineStart, lines } = buildLines(d, nw, wFirst, dir, wV, wSize, wU0, wU1, wRtl);
    const lu0 = new Float64Array(order.length);
    const lu1 = new Float64Array(order.length);
    for (let k = 0; k < order.length; k++) {
      lu0[k] = wU0[order[k]!]!;
      lu1[k] = wU1[order[k]!]!;
    }
    const seq = new Int32Array(order.length);
    for (let k = 0; k < order.length; k++) seq[k] = wFirst[order[k]!]!;
    const font = new Uint8Array(order.length);
    for (let k = 0; k < order.length; k++) font[k] = fontKind(order[k]!, wFirst, wEnd, ou, g.unicode, gi);
    const lv = new Float64Array(lines);
    for (let L = 0; L < lines; L++) lv[L] = wV[order[lineStart[L]!]!]!;
    pieces.push(readingOrder({ lines, lineStart, u0: lu0, u1: lu1, v: lv, font, seq }, em));
    pieceWords.push(order);
  }

  // ---- 5. text and runs ---------------------------------------------------------------------
  const out = new Uint16Array(m * 3 + nw + 8);
  let pos = 0;
  const runs: PdfRun[] = [];
  // The open run (horizontal characters only).
  let runOpen = false;
  let runStart = 0;
  let runEnd = 0;
  let runX = 0;
  let runY = 0;
  let runH = 0;
  let runRight = 0;
  let runLast = 0; // the last edge, from runX
  let runEdges: number[] = [];
  let spaceAt = -1; // the x where a space owed inside the run starts
  const closeRun = (): void => {
    if (runOpen && runEnd > runStart) {
      const run = [runStart, runEnd, r2(runX), r2(runY), r2(Math.max(0, runRight - runX)), r2(runH)];
      for (let e = 0; e < runEdges.length; e++) run.push(r2(runEdges[e]!));
      runs.push(run);
    }
    runOpen = false;
    spaceAt = -1;
  };
  let pageWords: HyphenContext | null = null;

  /** Write visible character k (units code units at pos). */
  const emit = (k: number, code: number, text: string | null): void => {
    const units = text ? text.length : code > 0xffff ? 2 : 1;
    const start = pos;
    if (text) for (let c = 0; c < text.length; c++) out[pos++] = text.charCodeAt(c);
    else if (code > 0xffff) {
      out[pos++] = 0xd800 + ((code - 0x10000) >> 10);
      out[pos++] = 0xdc00 + ((code - 0x10000) & 0x3ff);
    } else out[pos++] = code;
    const i = gi[k]!;
    const left = ou[k]! < u0[k]! ? ou[k]! : u0[k]!;
    const right = u1[k]!;
    if (dirCos[dir[k]!] !== 1) {
      // A rotated character is a run of its own: its box, y such that a quad's usual descent
      // (0.2 of the height below y) lands on the box's bottom.
      closeRun();
      const l = g.box[i * 4]!;
      const b = g.box[i * 4 + 1]!;
      const w = g.box[i * 4 + 2]! - l;
      const h = g.box[i * 4 + 3]! - b;
      const run = [start, pos, r2(l), r2(b + 0.2 * h), r2(w), r2(h)];
      for (let c = 1; c < units; c++) run.push(r2((w * c) / units));
      runs.push(run);
      return;
    }
    const oy = g.origin[i * 2 + 1]!;
    const size = sz[k]!;
    if (runOpen && (Math.abs(oy - runY) > 0.02 * size || Math.abs(size - runH) > 0.01 * size || left < runX + runLast - BACK_EM * size || left - runRight > RUN_GAP_EM * size)) closeRun();
    if (!runOpen) {
      runOpen = true;
      runStart = start;
      runX = left;
      runY = oy;
      runH = size;
      runRight = right;
      runLast = 0;
      runEdges = [];
      spaceAt = -1;
    } else {
      // The boundary before this character: its origin, kept in order; a glyph drawn with the
      // same origin as the previous one (one glyph, several characters) splits what is left.
      let edge = left - runX;
      if (spaceAt >= 0) {
        runEdges.push(Math.max(runLast, spaceAt - runX));
        runLast = runEdges[runEdges.length - 1]!;
      }
      if (edge <= runLast) edge = runLast + Math.max(0, (right - runX - runLast) / 2);
      runEdges.push(edge);
      runLast = edge;
    }
    spaceAt = -1;
    // Boundaries inside a glyph that is several characters (a ligature, a character outside the
    // Basic Multilingual Plane): equal shares of the glyph.
    for (let c = 1; c < units; c++) runEdges.push(left - runX + ((right - left) * c) / units);
    if (units > 1) runLast = runEdges[runEdges.length - 1]!;
    if (right > runRight) runRight = right;
    runEnd = pos;
  };
  // Words of a right-to-left line follow one another leftwards: the gap is on their left.
  const rtlGap = (a: number, b: number): boolean => wU0[a]! - wU1[b]! > SPACE_EM * Math.max(wSize[a]!, wSize[b]!);
  const space = (p: number): void => {
    out[pos++] = 32;
    if (runOpen) spaceAt = u1[p]!; // the space belongs to the run if the run goes on after it
  };
  const lineBreak = (): void => {
    closeRun();
    out[pos++] = 10;
  };

  let first = true;
  let joinedBefore = false; // the previous piece ended in a hyphen joined to this one
  for (let d = 0; d < pieces.length; d++) {
    const ps = pieces[d]!;
    const order = pieceWords[d]!;
    for (let q = 0; q < ps.length; q += 3) {
      const from = ps[q + 1]!;
      const to = ps[q + 2]!;
      if (!first && !joinedBefore) lineBreak();
      first = false;
      joinedBefore = false;
      let prev = -1;
      let prevWord = -1;
      for (let wi = from; wi < to; wi++) {
        const w = order[wi]!;
        if (wi > from) prevWord = order[wi - 1]!;
        for (let k = wFirst[w]!; k < wEnd[w]!; k++) {
          if (prev >= 0 && k === wFirst[w] && (spaceBefore(prev, k) || rtlGap(prevWord, w))) space(prev);
          const i = gi[k]!;
          const code = g.unicode[i]!;
          const flags = g.flags[i]!;
          if (wi === to - 1 && k === wEnd[w]! - 1 && k > wFirst[w]! && isHyphen(code, flags) && q + 3 < ps.length) {
            // A hyphen ending the line's last word, before a line starting with a small letter.
            const nextK = wFirst[order[ps[q + 4]!]!]!;
            const nextCode = g.unicode[gi[nextK]!]!;
            const nextChar = ligature(nextCode) ?? String.fromCodePoint(nextCode);
            if (LOWER.test(nextChar)) {
              pageWords ??= wordsOfPage(g, gi, wFirst, wEnd, nw);
              const before = wordText(g, gi, wFirst[w]!, k);
              const after = leadingLetters(g, gi, nextK, wEnd[order[ps[q + 4]!]!]!);
              const choice = hyphenChoice(before, after, code === 0xad, pageWords);
              joinedBefore = true;
              if (choice === 'join') {
                prev = k;
                continue; // the hyphen is left out: its glyph belongs to no offset
              }
              emit(k, 0x2d, null);
              prev = k;
              continue;
            }
          }
          const lig = ligature(code);
          emit(k, code === 0xad || (flags & HYPHEN) !== 0 ? 0x2d : code, lig ?? null);
          prev = k;
        }
      }
    }
  }
  closeRun();
  return { text: UTF16.decode(out.subarray(0, pos)), runs };
}

const UTF16 = new TextDecoder('utf-16le');

/**
 * Whether a word's characters all advance equally (a typewriter font: code) or not (a proportional
 * font: prose); 0 when the word has too few different characters to tell.
 */
function fontKind(w: number, wFirst: Int32Array, wEnd: Int32Array, ou: Float64Array, unicode: Uint32Array, gi: Int32Array): number {
  const a = wFirst[w]!;
  const b = wEnd[w]! - 1; // the last character's advance is unknown
  if (b - a < 3) return 0;
  const step = ou[a + 1]! - ou[a]!;
  if (step <= 0) return 0;
  let distinct = false;
  for (let k = a; k < b; k++) {
    const d = ou[k + 1]! - ou[k]!;
    if (Math.abs(d - step) > 0.02 * step) return WORD_PROPORTIONAL;
    if (unicode[gi[k]!] !== unicode[gi[a]!]) distinct = true;
  }
  return distinct ? WORD_MONOSPACED : 0;
}

/** The font size most characters have, to the half point: the page's body text. */
function bodySize(sz: Float64Array, m: number): number {
  const counts = new Int32Array(512);
  let best = 0;
  for (let k = 0; k < m; k++) {
    const bin = Math.min(511, Math.round(sz[k]! * 2));
    if (++counts[bin]! > counts[best]!) best = bin;
  }
  return best > 0 ? best / 2 : 10;
}

/**
 * The lines of direction d, top to bottom: `order` lists word indices line by line, each line's
 * words left to right; line i is order[lineStart[i]] .. order[lineStart[i+1]-1].
 */
function buildLines(
  d: number,
  nw: number,
  wFirst: Int32Array,
  dir: Int16Array,
  wV: Float64Array,
  wSize: Float64Array,
  wU0: Float64Array,
  wU1: Float64Array,
  wRtl: Uint8Array,
): { order: Int32Array; lineStart: Int32Array; lines: number } {
  let count = 0;
  for (let w = 0; w < nw; w++) if (dir[wFirst[w]!] === d) count++;
  const byV = new Int32Array(count);
  count = 0;
  for (let w = 0; w < nw; w++) if (dir[wFirst[w]!] === d) byV[count++] = w;
  byV.sort((a, b) => wV[b]! - wV[a]! || wU0[a]! - wU0[b]!);
  // Cluster by baseline: a line takes words within LINE_EM of its first (highest) word.
  const lineOf = new Int32Array(count);
  const lineV: number[] = [];
  const lineSize: number[] = [];
  const lineU0: number[] = [];
  const lineU1: number[] = [];
  const lineWords: number[] = [];
  for (let k = 0; k < count; k++) {
    const w = byV[k]!;
    const L = lineV.length - 1;
    if (L >= 0 && lineV[L]! - wV[w]! <= LINE_EM * Math.max(lineSize[L]!, wSize[w]!)) {
      lineOf[k] = L;
      lineWords[L]!++;
      if (wSize[w]! > lineSize[L]!) lineSize[L] = wSize[w]!;
      if (wU0[w]! < lineU0[L]!) lineU0[L] = wU0[w]!;
      if (wU1[w]! > lineU1[L]!) lineU1[L] = wU1[w]!;
    } else {
      lineOf[k] = lineV.length;
      lineV.push(wV[w]!);
      lineSize.push(wSize[w]!);
      lineU0.push(wU0[w]!);
      lineU1.push(wU1[w]!);
      lineWords.push(1);
    }
  }
  // A few words of smaller characters just above or below a line and beside its words
  // (superscripts or subscripts drawn apart from their line) belong to that line.
  let lines = lineV.length;
  const target = new Int32Array(lines);
  for (let L = 0; L < lines; L++) target[L] = L;
  for (let L = 0; L < lines; L++) {
    for (const N of [L - 1, L + 1]) {
      if (N < 0 || N >= lines || target[N] !== N) continue;
      const s = lineSize[N]!;
      const dv = lineV[L]! - lineV[N]!;
      if (lineWords[L]! <= 3 && lineSize[L]! <= 0.85 * s && dv <= 0.6 * s && dv >= -0.4 * s && lineU0[L]! >= lineU0[N]! - s && lineU1[L]! <= lineU1[N]! + s) {
        target[L] = N;
        break;
      }
    }
  }
  for (let L = 0; L < lines; L++) while (target[target[L]!] !== target[L]) target[L] = target[target[L]!]!;
  // Renumber lines, then order each line's words by their left edge.
  const newId = new Int32Array(lines);
  let kept = 0;
  for (let L = 0; L < lines; L++) newId[L] = target[L] === L ? kept++ : -1;
  const lineStart = new Int32Array(kept + 1);
  for (let k = 0; k < count; k++) {
    const L = newId[target[lineOf[k]!]!]! + 1;
    lineStart[L] = lineStart[L]! + 1;
  }
  for (let L = 0; L < kept; L++) lineStart[L + 1] = lineStart[L + 1]! + lineStart[L]!;
  const fill = lineStart.slice(0, kept);
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const L = newId[target[lineOf[k]!]!]!;
    order[fill[L]!] = byV[k]!;
    fill[L] = fill[L]! + 1;
  }
  lines = kept;
  for (let L = 0; L < lines; L++) {
    const part = order.subarray(lineStart[L]!, lineStart[L + 1]!);
    if (part.length > 1) part.sort((a, b) => wU0[a]! - wU0[b]!);
    // A line mostly in a right-to-left script (Hebrew, Arabic) is read from its right end.
    let rtl = 0;
    for (let k = 0; k < part.length; k++) rtl += wRtl[part[k]!]!;
    if (rtl * 2 > part.length) part.reverse();
  }
  return { order, lineStart, lines };
}

/** The text of visible characters from..to-1 (ligatures as letters). */
function wordText(g: PageGlyphs, gi: Int32Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) {
    const code = g.unicode[gi[k]!]!;
    s += ligature(code) ?? String.fromCodePoint(code);
  }
  return s;
}

/** The letters that start a word (characters from..to-1). */
function leadingLetters(g: PageGlyphs, gi: Int32Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) {
    const code = g.unicode[gi[k]!]!;
    const ch = ligature(code) ?? String.fromCodePoint(code);
    if (!LETTER.test(ch)) break;
    s += ch;
  }
  return s;
}

/**
 * What the page's words say about a hyphenated word (see pdf-hyphen.ts). Queried a few times per
 * page, so words are compared in place, character by character, rather than collected as strings.
 */
function wordsOfPage(g: PageGlyphs, gi: Int32Array, wFirst: Int32Array, wEnd: Int32Array, nw: number): HyphenContext {
  // Each word without the punctuation around it; a word broken at a line end is no evidence for
  // itself, so words ending in a hyphen are left out.
  const from = new Int32Array(nw);
  const to = new Int32Array(nw);
  const units = new Int32Array(nw);
  const alnum = (k: number): boolean => {
    const c = g.unicode[gi[k]!]!;
    if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
    return /[\p{L}\p{N}]/u.test(String.fromCodePoint(c));
  };
  for (let w = 0; w < nw; w++) {
    let a = wFirst[w]!;
    let b = wEnd[w]!;
    if (isHyphen(g.unicode[gi[b - 1]!]!, g.flags[gi[b - 1]!]!)) continue;
    while (a < b && !alnum(a)) a++;
    while (b > a && !alnum(b - 1)) b--;
    from[w] = a;
    to[w] = b;
    let n = 0;
    for (let k = a; k < b; k++) {
      const c = g.unicode[gi[k]!]!;
      n += ligature(c)?.length ?? (c > 0xffff ? 2 : 1);
    }
    units[w] = n;
  }
  const count = (word: string, fold: boolean, prefix = false): number => {
    let hits = 0;
    for (let w = 0; w < nw; w++) {
      if (prefix ? units[w]! <= word.length : units[w] !== word.length) continue;
      let i = 0;
      let same = true;
      for (let k = from[w]!; k < to[w]! && same; k++) {
        const c = g.unicode[gi[k]!]!;
        const t = ligature(c) ?? String.fromCodePoint(c);
        for (let u = 0; u < t.length && same && i < word.length; u++) {
          let x = t.charCodeAt(u);
          if (fold) x = x < 128 ? (x >= 65 && x <= 90 ? x + 32 : x) : String.fromCharCode(x).toLowerCase().charCodeAt(0);
          same = x === word.charCodeAt(i++);
        }
      }
      if (same) hits++;
    }
    return hits;
  };
  return {
    has: (word) => count(word, true) > 0,
    count: (word) => count(word, true),
    hasExact: (word) => count(word, false) > 0,
    hasPrefix: (prefix) => count(prefix, true, true) > 0,
  };
}
