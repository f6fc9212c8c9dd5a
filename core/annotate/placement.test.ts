import { afterEach, describe, expect, it } from 'vitest';
import { findDocumentById } from '../../db/documents.ts';
import { placer, placeSpanOf } from './placement.ts';
import { addDocument, tempArchive, type TestArchive } from './test-archive.ts';

let archive: TestArchive | null = null;
afterEach(() => archive?.close());

// Five pages of two lines each, with glyph edges: "line N of page P" in a 10 pt font, 5 pt a character.
function pdf(): { body: string; pageStarts: number[]; layouts: { page: number; runs: number[][] }[] } {
  let body = '';
  const pageStarts: number[] = [];
  const layouts: { page: number; runs: number[][] }[] = [];
  for (let p = 1; p <= 5; p++) {
    if (p > 1) body += '\n\n';
    pageStarts.push(body.length);
    const runs: number[][] = [];
    for (let line = 1; line <= 2; line++) {
      if (line > 1) body += '\n';
      const text = `line ${line} of page ${p}`;
      const edges = Array.from({ length: text.length - 1 }, (_, k) => (k + 1) * 5);
      runs.push([body.length, body.length + text.length, 72, 720 - line * 14, text.length * 5, 10, ...edges]);
      body += text;
    }
    layouts.push({ page: p, runs });
  }
  return { body, pageStarts, layouts };
}

describe('placeSpanOf', () => {
  it('places a span as the placer over every page does, reading only the pages it is on', () => {
    archive = tempArchive();
    const doc = pdf();
    const { id } = addDocument(archive.db, { kind: 'pdf', ...doc });
    const row = findDocumentById(archive.db, id)!;
    const all = placer(archive.db, row);
    const spans: [number, number][] = [
      [doc.pageStarts[2]! + 3, doc.pageStarts[2]! + 9], // inside a line of page 3
      [doc.pageStarts[1]! + 20, doc.pageStarts[3]! + 4], // from page 2 to page 4
      [doc.pageStarts[4]! + 5, doc.body.length], // to the end of the last page
      [doc.pageStarts[1]! - 1, doc.pageStarts[1]! + 2], // starting in the gap between two pages
    ];
    for (const [start, end] of spans) {
      const one = placeSpanOf(archive.db, row, start, end);
      expect(one).toEqual(all(start, end));
      expect(one.quads).not.toBeNull();
    }
    expect(JSON.parse(placeSpanOf(archive.db, row, doc.pageStarts[2]! + 3, doc.pageStarts[2]! + 9).quads!)).toEqual([
      { page: 3, x1: 87, y1: 704, x2: 117, y2: 714 },
    ]);
  });

  it('places nothing for a document without pages', () => {
    archive = tempArchive();
    const { id } = addDocument(archive.db, { body: 'plain text' });
    expect(placeSpanOf(archive.db, findDocumentById(archive.db, id)!, 0, 5)).toEqual({ page: null, quads: null, page_label: null });
  });
});
