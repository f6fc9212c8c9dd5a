// The PDF reader's pure helpers: page names typed in the page box, bookmarks resolved to pages,
// the current outline entry, and the boxes of find matches on a page.
import { describe, expect, it } from 'vitest';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { currentEntry, loadOutline, rangeBoxes, resolvePageInput, type OutlineEntry } from './pdf.ts';

const LABELS = ['T-1', 'T-2', 'i', 'ii', 'iii', '1', '2', '3', '27', 'A-1'];

describe('resolvePageInput', () => {
  it('finds a label first, in any case, then a page number', () => {
    expect(resolvePageInput('ii', LABELS, 10)).toBe(4);
    expect(resolvePageInput(' III ', LABELS, 10)).toBe(5);
    expect(resolvePageInput('a-1', LABELS, 10)).toBe(10);
    // "3" is a label (page 8), not the third page.
    expect(resolvePageInput('3', LABELS, 10)).toBe(8);
    // "9" is no label: the ninth page.
    expect(resolvePageInput('9', LABELS, 10)).toBe(9);
  });

  it('reads numbers as pages where a PDF has no labels, and names no page for the rest', () => {
    expect(resolvePageInput('7', null, 10)).toBe(7);
    expect(resolvePageInput('0', null, 10)).toBeNull();
    expect(resolvePageInput('11', null, 10)).toBeNull();
    expect(resolvePageInput('xii', null, 10)).toBeNull();
    expect(resolvePageInput('', LABELS, 10)).toBeNull();
  });
});

describe('outline', () => {
  const entry = (title: string, page: number | null, items: OutlineEntry[] = []): OutlineEntry => ({ title, page, top: null, items });
  const tree = [entry('Front', 1), entry('Chapter 1', 5, [entry('1.1', 6), entry('1.2', 9)]), entry('Broken', null), entry('Chapter 2', 20)];

  it('marks the deepest entry that starts at or before the page', () => {
    expect(currentEntry(tree, 1)?.title).toBe('Front');
    expect(currentEntry(tree, 5)?.title).toBe('Chapter 1');
    expect(currentEntry(tree, 8)?.title).toBe('1.1');
    expect(currentEntry(tree, 19)?.title).toBe('1.2');
    expect(currentEntry(tree, 25)?.title).toBe('Chapter 2');
    expect(currentEntry([entry('Late', 3)], 1)).toBeNull();
  });

  it('resolves named and explicit destinations to pages, and keeps a bookmark it cannot resolve', async () => {
    const ref = { num: 42, gen: 0 };
    const fake = {
      getOutline: async () => [
        { title: 'Named', dest: 'chap1', items: [{ title: 'Explicit', dest: [ref, { name: 'XYZ' }, 0, 700, null], items: [] }] },
        { title: 'Index', dest: [3, { name: 'Fit' }], items: [] },
        { title: 'Gone', dest: 'missing', items: [] },
      ],
      getDestination: async (name: string) => (name === 'chap1' ? [{ num: 7, gen: 0 }, { name: 'Fit' }] : null),
      getPageIndex: async (r: { num: number }) => (r.num === 7 ? 10 : 11),
    } as unknown as PDFDocumentProxy;
    const outline = await loadOutline(fake);
    expect(outline.map((e) => [e.title, e.page])).toEqual([
      ['Named', 11],
      ['Index', 4],
      ['Gone', null],
    ]);
    expect(outline[0]!.items[0]).toMatchObject({ title: 'Explicit', page: 12, top: 700 });
  });
});

describe('rangeBoxes', () => {
  it('covers the matched characters of each run, per range', () => {
    const layout = { page: 1, width: 600, height: 800, runs: [[0, 10, 100, 700, 100, 10], [11, 21, 100, 680, 100, 10]] };
    const boxes = rangeBoxes(layout, [{ start: 5, end: 15 }, { start: 30, end: 40 }]);
    expect(boxes).toHaveLength(2);
    expect(boxes[0]).toMatchObject({ index: 0, x1: 150, x2: 200 });
    expect(boxes[1]).toMatchObject({ index: 0, x1: 100, x2: 140 });
    expect(boxes[0]!.y1).toBeLessThan(700);
    expect(boxes[0]!.y2).toBeGreaterThan(700);
  });

  it('lands on the glyphs where the run carries their edges (a narrow "i" and a wide "W" are not the same width)', () => {
    // "iWWi": edges after i (5), after W (20), after W (35); the run is 40 wide.
    const layout = { page: 1, width: 600, height: 800, runs: [[0, 4, 100, 700, 40, 10, 5, 20, 35]] };
    expect(rangeBoxes(layout, [{ start: 1, end: 3 }])[0]).toMatchObject({ x1: 105, x2: 135 });
  });
});
