// The text runs of one PDF page, stored compactly (migration 6). A run is
// [start, end, x, y, w, h, ...edges] (core/import/extract/pdf-glyphs.ts): with glyph edges a page
// of R-exts.pdf (2,650 characters) holds about 3,000 numbers, 19 KB as JSON, 7 KB even deflated.
// Stored instead as a BLOB, 2.6 KB (bench/experiments/page-runs-size.ts):
//
//   byte 0     FORMAT (1)
//   varint     number of runs
//   byte       EDGES_* : whether every run has one edge between each two characters, none has
//              any, or each run says how many numbers follow its six
//   per run    zigzag(start − previous end), varint(end − start),
//              zigzag(x − previous x), zigzag(y − previous y), zigzag(w), zigzag(h − previous h)
//              in hundredths of a point, [varint(count) under EDGES_COUNTED],
//              then each edge as zigzag(edge − previous edge; the first from 0)
//
// and the whole deflated (raw DEFLATE: glyph widths repeat, so edge deltas compress well).
// Hundredths of a point are what import rounds to, so stored runs come back as they went in.
// Rows written before migration 6 hold JSON text; decodeRuns reads both.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export type StoredRun = readonly number[];

const FORMAT = 1;
const EDGES_ALL = 0; // every run has end − start − 1 edges (a run of one character none)
const EDGES_NONE = 1; // every run is the six numbers
const EDGES_COUNTED = 2; // anything else: each run gives its own count

/** Hundredths of a point as an integer; what is not a finite number is stored as 0. */
function hundredths(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) ? Math.round(v * 100) : 0;
}

function integer(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) ? Math.round(v) : 0;
}

class Writer {
  private bytes = new Uint8Array(1024);
  length = 0;

  byte(b: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = b;
  }

  /** An unsigned integer, 7 bits a byte; by arithmetic, so values past 2^31 stay whole. */
  varint(v: number): void {
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  zigzag(v: number): void {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  done(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

class Reader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('page runs end early');
    return this.bytes[this.at++]!;
  }

  varint(): number {
    // Most numbers here take one or two bytes: read those without the general loop.
    const bytes = this.bytes;
    const at = this.at;
    if (at + 1 < bytes.length) {
      const b0 = bytes[at]!;
      if (b0 < 0x80) {
        this.at = at + 1;
        return b0;
      }
      const b1 = bytes[at + 1]!;
      if (b1 < 0x80) {
        this.at = at + 2;
        return (b0 & 0x7f) + b1 * 0x80;
      }
    }
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
  }

  zigzag(): number {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
}

function edgeMode(runs: readonly StoredRun[]): number {
  let all = true;
  let none = true;
  for (const r of runs) {
    const extra = Math.max(0, r.length - 6);
    const expected = Math.max(0, integer(r[1]) - integer(r[0]) - 1);
    if (extra !== expected) all = false;
    if (extra !== 0) none = false;
  }
  return all ? EDGES_ALL : none ? EDGES_NONE : EDGES_COUNTED;
}

/** A page's runs as the stored BLOB. */
export function encodeRuns(runs: readonly StoredRun[]): Buffer {
  const w = new Writer();
  w.byte(FORMAT);
  w.varint(runs.length);
  const mode = edgeMode(runs);
  w.byte(mode);
  let end = 0;
  let x = 0;
  let y = 0;
  let h = 0;
  for (const r of runs) {
    const start = integer(r[0]);
    const stop = integer(r[1]);
    w.zigzag(start - end);
    w.zigzag(stop - start);
    end = stop;
    const rx = hundredths(r[2]);
    const ry = hundredths(r[3]);
    const rh = hundredths(r[5]);
    w.zigzag(rx - x);
    w.zigzag(ry - y);
    w.zigzag(hundredths(r[4]));
    w.zigzag(rh - h);
    [x, y, h] = [rx, ry, rh];
    const extra = Math.max(0, r.length - 6);
    if (mode === EDGES_COUNTED) w.varint(extra);
    if (mode === EDGES_NONE) continue;
    let previous = 0;
    for (let k = 6; k < r.length; k += 1) {
      const e = hundredths(r[k]);
      w.zigzag(e - previous);
      previous = e;
    }
  }
  return deflateRawSync(w.done());
}

/**
 * A page's runs from what is stored: the BLOB encodeRuns wrote, or the JSON text of rows written
 * before migration 6. Unreadable data gives no runs (the page then has no placed text), never an
 * exception: one damaged row must not keep a document from opening.
 */
export function decodeRuns(stored: Uint8Array | string | null | undefined): number[][] {
  if (stored == null) return [];
  if (typeof stored === 'string') {
    try {
      const value: unknown = JSON.parse(stored);
      return Array.isArray(value) ? value.filter((r): r is number[] => Array.isArray(r) && r.every((n) => typeof n === 'number')) : [];
    } catch {
      return [];
    }
  }
  try {
    return readRuns(inflateRawSync(stored));
  } catch {
    return [];
  }
}

function readRuns(bytes: Uint8Array): number[][] {
  const r = new Reader(bytes);
  if (r.byte() !== FORMAT) throw new Error('unknown page runs format');
  const count = r.varint();
  const mode = r.byte();
  const runs: number[][] = [];
  let end = 0;
  let x = 0;
  let y = 0;
  let h = 0;
  for (let i = 0; i < count; i += 1) {
    const start = end + r.zigzag();
    end = start + r.zigzag();
    x += r.zigzag();
    y += r.zigzag();
    const w = r.zigzag();
    h += r.zigzag();
    const extra = mode === EDGES_ALL ? Math.max(0, end - start - 1) : mode === EDGES_COUNTED ? r.varint() : 0;
    const run = [start, end, x / 100, y / 100, w / 100, h / 100];
    let e = 0;
    for (let k = 0; k < extra; k += 1) {
      e += r.zigzag();
      run.push(e / 100);
    }
    runs.push(run);
  }
  return runs;
}
