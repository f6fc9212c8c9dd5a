// Where a span of a PDF document's text lies on its pages: the page of its start and one
// rectangle per line, in PDF user space (origin bottom-left), ready for /QuadPoints.
// Import keeps each page's text runs as [start, end, x, y, width, height, ...edges]: offsets in
// the document's text, the baseline's start (x, y), the run's width, its font height, and (from
// PDFium imports on) the distance from x to each boundary between two of its characters
// (core/import/extract/pdf-glyphs.ts). Runs without edges (older archives) are interpolated.
// Pure: the renderer draws its highlight boxes with it too (renderer/boundaries.test.ts).
import type { PdfRect } from '../types.ts';

export interface PdfQuad extends PdfRect {
  page: number;
}

export interface PageRuns {
  page: number;
  runs: readonly (readonly number[])[];
}

export interface SpanPlacement {
  /** The page of the span's start; null when no run of any page covers the span. */
  page: number | null;
  quads: PdfQuad[];
}

// A glyph box reaches below the baseline (descenders) and up to about the font height.
const DESCENT = 0.2;
const ASCENT = 0.8;
/** Rects on one line closer than this many heights are joined (word gaps, justified spaces). */
const MAX_JOIN_GAP = 2;

/** All runs of a document in text order, in flat arrays, for binary search by offset. */
export class PdfTextMap {
  private readonly count: number;
  private readonly page: Int32Array;
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  private readonly box: Float64Array; // x, y, w, h per run
  /** Each run as given, for its edges (read in place: a long PDF has millions of them). */
  private readonly runs: (readonly number[])[];
  /** 1 where a run has one edge between each two characters; others are interpolated. */
  private readonly hasEdges: Uint8Array;
  /** The largest run length, to bound the search for runs overlapping a span. */
  private readonly longest: number;

  constructor(layouts: readonly PageRuns[]) {
    const all: { page: number; run: readonly number[] }[] = [];
    for (const layout of layouts) {
      for (const run of layout.runs) {
        if (run.length >= 6 && run[1]! > run[0]!) all.push({ page: layout.page, run });
      }
    }
    all.sort((a, b) => a.run[0]! - b.run[0]! || a.page - b.page);
    this.count = all.length;
    this.page = new Int32Array(all.length);
    this.start = new Float64Array(all.length);
    this.end = new Float64Array(all.length);
    this.box = new Float64Array(all.length * 4);
    this.runs = all.map((r) => r.run);
    this.hasEdges = new Uint8Array(all.length);
    let longest = 0;
    all.forEach(({ page, run }, i) => {
      this.page[i] = page;
      this.start[i] = run[0]!;
      this.end[i] = run[1]!;
      for (let k = 0; k < 4; k += 1) this.box[i * 4 + k] = run[2 + k]!;
      if (hasEdges(run)) this.hasEdges[i] = 1;
      longest = Math.max(longest, run[1]! - run[0]!);
    });
    this.longest = longest;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** Index of the first run starting at or after `offset`. */
  private firstStartingAt(offset: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.start[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The page and per-line rectangles of text [start, end). */
  place(start: number, end: number): SpanPlacement {
    const quads: PdfQuad[] = [];
    let page: number | null = null;
    if (end <= start) return { page, quads };
    // Runs that overlap the span start at or after start - longest.
    for (let i = this.firstStartingAt(start - this.longest); i < this.count && this.start[i]! < end; i += 1) {
      const rs = this.start[i]!;
      const re = this.end[i]!;
      if (re <= start) continue;
      const from = Math.max(start, rs);
      const to = Math.min(end, re);
      const [y, h] = [this.box[i * 4 + 1]!, this.box[i * 4 + 3]!];
      page ??= this.page[i]!;
      const [x1, x2] = this.across(i, from - rs, to - rs);
      const rect: PdfQuad = { page: this.page[i]!, x1, y1: y - DESCENT * h, x2, y2: y + ASCENT * h };
      const last = quads[quads.length - 1];
      if (last && sameLine(last, rect)) {
        last.x1 = Math.min(last.x1, rect.x1);
        last.x2 = Math.max(last.x2, rect.x2);
        last.y1 = Math.min(last.y1, rect.y1);
        last.y2 = Math.max(last.y2, rect.y2);
      } else {
        quads.push(rect);
      }
    }
    return { page, quads: quads.map(round) };
  }

  /**
   * The left and right of characters [from, to) of run i (counted from the run's start): from the
   * boundary before the first to the boundary after the last. With glyph edges these are the
   * glyphs' own; without, characters are taken as equally wide (the share of characters is the
   * best guess of the share of the run's width: off by up to a glyph inside long runs).
   */
  private across(i: number, from: number, to: number): [number, number] {
    const x = this.box[i * 4]!;
    const w = this.box[i * 4 + 2]!;
    const n = this.end[i]! - this.start[i]!;
    if (!this.hasEdges[i]) return [x + (w * from) / n, x + (w * to) / n];
    const run = this.runs[i]!;
    // Boundary k: 0 is the run's start, n its end, the ones between are its edges.
    const boundary = (k: number): number => (k <= 0 ? x : k >= n ? x + w : x + run[5 + k]!);
    let left = boundary(from);
    let right = boundary(to);
    // Edges go left to right; where a font draws out of order (overstrikes, accents placed by
    // moving back), the span still covers every glyph of its characters.
    for (let k = from + 1; k < to; k += 1) {
      const b = boundary(k);
      if (b < left) left = b;
      if (b > right) right = b;
    }
    return [left, Math.max(left, right)];
  }
}

/** A run with one edge between each two of its characters; any other count is ignored. */
function hasEdges(run: readonly number[]): boolean {
  return run.length > 6 && run.length === 6 + run[1]! - run[0]! - 1;
}

/** Two rects on one page whose heights mostly overlap and that sit side by side. */
function sameLine(a: PdfQuad, b: PdfQuad): boolean {
  if (a.page !== b.page) return false;
  const overlap = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  const height = Math.min(a.y2 - a.y1, b.y2 - b.y1);
  if (height <= 0 || overlap < height / 2) return false;
  const gap = Math.max(b.x1 - a.x2, a.x1 - b.x2);
  return gap <= MAX_JOIN_GAP * Math.max(a.y2 - a.y1, b.y2 - b.y1);
}

/** Two decimals are a hundredth of a point: finer than any screen or printer needs. */
function round(q: PdfQuad): PdfQuad {
  const r = (n: number): number => Math.round(n * 100) / 100;
  return { page: q.page, x1: r(q.x1), y1: r(q.y1), x2: r(q.x2), y2: r(q.y2) };
}

/** One-shot form of PdfTextMap.place, for a single span. */
export function placeSpan(layouts: readonly PageRuns[], start: number, end: number): SpanPlacement {
  return new PdfTextMap(layouts).place(start, end);
}

/** The 1-based page holding `offset`, from the start offset of each page; null without pages. */
export function pageOfOffset(pageStarts: readonly number[], offset: number): number | null {
  if (pageStarts.length === 0) return null;
  let lo = 0;
  let hi = pageStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pageStarts[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(1, lo);
}
