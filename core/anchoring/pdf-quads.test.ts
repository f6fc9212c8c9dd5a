import { describe, expect, it } from 'vitest';
import { pageOfOffset, PdfTextMap, placeSpan, type PageRuns } from './pdf-quads.ts';

// Page 1: two lines of two runs each; page 2: one line. Font height 10, baselines at y=700/686.
//   text offsets: "Hello world" [0,11) "again here" [12,22) | "Second page" [23,34)
const layouts: PageRuns[] = [
  {
    page: 1,
    runs: [
      [0, 5, 72, 700, 25, 10], // "Hello"
      [6, 11, 100, 700, 25, 10], // "world"
      [12, 17, 72, 686, 25, 10], // "again"
      [18, 22, 100, 686, 20, 10], // "here"
    ],
  },
  { page: 2, runs: [[23, 34, 72, 700, 55, 10]] },
];

describe('placeSpan', () => {
  it('covers a whole run with its box: baseline -20% to +80% of the height', () => {
    expect(placeSpan(layouts, 0, 5)).toEqual({ page: 1, quads: [{ page: 1, x1: 72, y1: 698, x2: 97, y2: 708 }] });
  });

  it('interpolates x by the share of characters for a run only partly covered', () => {
    // "ell" of "Hello": characters 1..4 of 5 over a width of 25.
    expect(placeSpan(layouts, 1, 4).quads).toEqual([{ page: 1, x1: 77, y1: 698, x2: 92, y2: 708 }]);
  });

  it('places a span inside a run with glyph edges on its glyphs, not by the share of characters', () => {
    // "Wilt" set in a proportional font: W is wide, i and l are narrow.
    //   boundaries: W 0..9.4 | i ..12.2 | l ..15 | t ..19
    const glyphs: PageRuns[] = [{ page: 1, runs: [[0, 4, 100, 700, 19, 10, 9.4, 12.2, 15]] }];
    expect(placeSpan(glyphs, 1, 3).quads).toEqual([{ page: 1, x1: 109.4, y1: 698, x2: 115, y2: 708 }]); // "il"
    expect(placeSpan(glyphs, 0, 1).quads).toEqual([{ page: 1, x1: 100, y1: 698, x2: 109.4, y2: 708 }]); // "W"
    expect(placeSpan(glyphs, 3, 4).quads).toEqual([{ page: 1, x1: 115, y1: 698, x2: 119, y2: 708 }]); // "t": to the run's end
    expect(placeSpan(glyphs, 0, 4).quads).toEqual([{ page: 1, x1: 100, y1: 698, x2: 119, y2: 708 }]);
  });

  it('joins runs with edges across a line as it joins runs without', () => {
    const mixed: PageRuns[] = [
      {
        page: 1,
        runs: [
          [0, 3, 72, 700, 15, 10, 6, 9], // "one", edges after o and n
          [4, 7, 90, 700, 14, 10], // "two", an older run without edges
          [8, 13, 72, 686, 30, 10, 5, 12, 20, 26], // "three" on the next line
        ],
      },
    ];
    expect(placeSpan(mixed, 1, 10).quads).toEqual([
      { page: 1, x1: 78, y1: 698, x2: 104, y2: 708 }, // "ne two"
      { page: 1, x1: 72, y1: 684, x2: 84, y2: 694 }, // "th"
    ]);
  });

  it('covers every glyph of the span where edges go backwards (an accent drawn over its letter)', () => {
    // "é" drawn as "e" then an acute moved back over it: the boundary after the acute lies left of it.
    const accents: PageRuns[] = [{ page: 1, runs: [[0, 4, 0, 700, 20, 10, 5, 3, 10]] }];
    expect(placeSpan(accents, 0, 3).quads).toEqual([{ page: 1, x1: 0, y1: 698, x2: 10, y2: 708 }]);
    expect(placeSpan(accents, 2, 3).quads).toEqual([{ page: 1, x1: 3, y1: 698, x2: 10, y2: 708 }]);
  });

  it('interpolates a run whose edge count does not match its characters', () => {
    const odd: PageRuns[] = [{ page: 1, runs: [[0, 4, 0, 700, 20, 10, 1]] }];
    expect(placeSpan(odd, 1, 2).quads).toEqual([{ page: 1, x1: 5, y1: 698, x2: 10, y2: 708 }]);
  });

  it('merges the runs of one line into one rect, and starts a new one per line', () => {
    const { page, quads } = placeSpan(layouts, 2, 15); // "llo world\naga"
    expect(page).toBe(1);
    expect(quads).toEqual([
      { page: 1, x1: 82, y1: 698, x2: 125, y2: 708 },
      { page: 1, x1: 72, y1: 684, x2: 87, y2: 694 },
    ]);
  });

  it('spans pages: the page is the page of the start, quads carry their own page', () => {
    const { page, quads } = placeSpan(layouts, 18, 29);
    expect(page).toBe(1);
    expect(quads.map((q) => q.page)).toEqual([1, 2]);
    expect(quads[1]).toEqual({ page: 2, x1: 72, y1: 698, x2: 102, y2: 708 });
  });

  it('starts on the next run when the span starts in a gap between runs (a newline)', () => {
    expect(placeSpan(layouts, 22, 25)).toEqual({ page: 2, quads: [{ page: 2, x1: 72, y1: 698, x2: 82, y2: 708 }] });
  });

  it('keeps rects apart when the gap on a line is wide (another column)', () => {
    const columns: PageRuns[] = [{ page: 1, runs: [[0, 4, 72, 700, 20, 10], [5, 9, 400, 700, 20, 10]] }];
    expect(placeSpan(columns, 0, 9).quads).toHaveLength(2);
  });

  it('places nothing for a span outside every run, or with no runs at all', () => {
    expect(placeSpan(layouts, 40, 50)).toEqual({ page: null, quads: [] });
    expect(placeSpan([], 0, 5)).toEqual({ page: null, quads: [] });
    expect(placeSpan(layouts, 5, 5)).toEqual({ page: null, quads: [] });
  });

  it('ignores malformed and empty runs', () => {
    const odd: PageRuns[] = [{ page: 1, runs: [[0, 0, 1, 1, 1, 1], [0, 3], [0, 3, 10, 100, 30, 10]] }];
    expect(placeSpan(odd, 0, 3).quads).toEqual([{ page: 1, x1: 10, y1: 98, x2: 40, y2: 108 }]);
  });

  it('finds the runs of spans anywhere in a long document (binary search over 80,000 runs)', () => {
    const pages: PageRuns[] = [];
    let offset = 0;
    for (let p = 1; p <= 2000; p++) {
      const runs: number[][] = [];
      for (let line = 0; line < 40; line++) {
        runs.push([offset, offset + 60, 72, 720 - line * 14, 300, 10]);
        offset += 61;
      }
      pages.push({ page: p, runs });
    }
    const map = new PdfTextMap(pages);
    for (let i = 0; i < 2_000; i++) {
      const start = (i * 4871) % (offset - 500);
      const { page, quads } = map.place(start, start + 200);
      expect(page).toBe(Math.floor(start / (61 * 40)) + 1);
      // 200 characters over lines of 60 (and a newline): four lines, or three when it starts at one.
      expect(quads.length).toBeGreaterThanOrEqual(3);
      expect(quads.length).toBeLessThanOrEqual(5);
    }
    expect(map.place(61 * 40, 61 * 40 + 10).page).toBe(2);
  });
});

describe('pageOfOffset', () => {
  it('finds the 1-based page holding an offset', () => {
    const starts = [0, 100, 250];
    expect(pageOfOffset(starts, 0)).toBe(1);
    expect(pageOfOffset(starts, 99)).toBe(1);
    expect(pageOfOffset(starts, 100)).toBe(2);
    expect(pageOfOffset(starts, 1000)).toBe(3);
    expect(pageOfOffset([], 5)).toBeNull();
  });
});
