import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { decodeRuns, encodeRuns } from './page-runs.ts';

// A line of three words with glyph edges, a one-letter word (no edges), and the next line.
const withEdges = [
  [0, 5, 72, 700.5, 24.33, 10, 5.5, 10.27, 13.05, 18.6],
  [6, 8, 99.1, 700.5, 10.2, 10, 5.55],
  [9, 10, 112.5, 700.5, 5, 10],
  [11, 14, 72, 686.12, 15.75, 9.96, 4.5, 10.1],
];

describe('page runs storage', () => {
  it('gives back runs with glyph edges exactly (hundredths of a point)', () => {
    expect(decodeRuns(encodeRuns(withEdges))).toEqual(withEdges);
  });

  it('gives back six-number runs (PDFs imported before glyph edges)', () => {
    const six = withEdges.map((r) => r.slice(0, 6));
    expect(decodeRuns(encodeRuns(six))).toEqual(six);
  });

  it('gives back a mixture, and runs whose edge count does not match their characters, as they were', () => {
    const mixed = [withEdges[0]!, [6, 8, 99.1, 700.5, 10.2, 10], [9, 12, 1, 2, 3, 4, 0.5]];
    expect(decodeRuns(encodeRuns(mixed))).toEqual(mixed);
  });

  it('keeps negative, large and far-apart values: rotated pages, offsets deep in a long document', () => {
    const odd = [
      [9_000_000, 9_000_004, -120.25, 14_400, 0, 12, -3.5, 7.25, 2],
      [3, 4, 0, -0.01, 1e6, 0.5],
    ];
    expect(decodeRuns(encodeRuns(odd))).toEqual(odd);
  });

  it('stores what is not a finite number as 0 instead of failing', () => {
    expect(decodeRuns(encodeRuns([[0, 2, Number.NaN, Infinity, 3, 4, Number.NaN]]))).toEqual([[0, 2, 0, 0, 3, 4, 0]]);
  });

  it('reads the JSON text of rows written before migration 6', () => {
    expect(decodeRuns(JSON.stringify(withEdges))).toEqual(withEdges);
    expect(decodeRuns('[[0,5,72,700,25,10]]')).toEqual([[0, 5, 72, 700, 25, 10]]);
  });

  it('reads damaged data as no runs, never throwing', () => {
    expect(decodeRuns('not json')).toEqual([]);
    expect(decodeRuns('{"a":1}')).toEqual([]);
    expect(decodeRuns(new Uint8Array([1, 2, 3]))).toEqual([]);
    const cut = encodeRuns(withEdges);
    expect(decodeRuns(cut.subarray(0, cut.length - 4))).toEqual([]);
    expect(decodeRuns(deflateRawSync(Buffer.from([9, 1, 0])))).toEqual([]); // an unknown format
    expect(decodeRuns(null)).toEqual([]);
    expect(decodeRuns(encodeRuns([]))).toEqual([]);
  });

  it('is several times smaller than JSON on a page of word runs with edges', () => {
    // 40 lines of 8 words of 6 letters in a proportional font: widths repeat as letters do.
    const widths = [5.55, 2.78, 5, 4.44, 3.33, 6.1, 7.22, 2.22];
    const runs: number[][] = [];
    let pos = 0;
    for (let line = 0; line < 40; line++) {
      let x = 72;
      for (let word = 0; word < 8; word++) {
        const edges: number[] = [];
        let e = 0;
        for (let c = 0; c < 5; c++) edges.push(Math.round((e += widths[(line * 3 + word * 5 + c) % 8]!) * 100) / 100);
        const w = Math.round((e + 5) * 100) / 100;
        runs.push([pos, pos + 6, x, 720 - line * 12, w, 10, ...edges]);
        pos += 7;
        x = Math.round((x + w + 2.5) * 100) / 100;
      }
    }
    const blob = encodeRuns(runs);
    expect(decodeRuns(blob)).toEqual(runs);
    expect(blob.length * 5).toBeLessThan(JSON.stringify(runs).length);
  });
});
