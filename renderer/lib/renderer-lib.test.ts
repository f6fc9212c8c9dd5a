import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../core/types.ts';
import { blockIndexAt, segmentBlock, splitBlocks } from './paragraphs.ts';
import { locateInPage, locatePoint } from './locate.ts';
import { asYouType } from './query.ts';
import { decodeJson, encodeJson } from './wire.ts';
import { pageOfOffset, boxesFor } from './pdf.ts';

function annotation(id: string, start: number, end: number, color: Annotation['color'] = 'yellow'): Annotation {
  return {
    id,
    documentId: 'd',
    parentId: null,
    kind: 'highlight',
    suggested: false,
    color,
    quote: null,
    position: { start, end },
    page: null,
    text: null,
    comment: null,
    tags: [],
    anchor: 'exact',
    created: '2025-01-01T00:00:00Z',
    updated: '2025-01-01T00:00:00Z',
  };
}

describe('blocks of a document', () => {
  const text = 'Intro paragraph that is long enough to read as a paragraph.\nKey Takeaways\n- First point.\n- Second point.\n\nClosing words follow here, in a long sentence.';

  it('keeps exact offsets into the text for every block', () => {
    const blocks = splitBlocks(text);
    for (const b of blocks) expect(text.slice(b.start, b.end)).toBe(b.text);
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'heading', 'item', 'item', 'paragraph']);
  });

  it('handles CRLF and blank lines', () => {
    const crlf = 'One line here.\r\n\r\nTwo line here.';
    const blocks = splitBlocks(crlf);
    expect(blocks.map((b) => b.text)).toEqual(['One line here.', 'Two line here.']);
    for (const b of blocks) expect(crlf.slice(b.start, b.end)).toBe(b.text);
  });

  it('cuts a block into segments at annotation edges, innermost annotation last', () => {
    const [block] = splitBlocks('abcdefghij');
    const segments = segmentBlock(block!, [annotation('outer', 2, 8), annotation('inner', 4, 6, 'green')]);
    expect(segments.map((s) => s.text)).toEqual(['ab', 'cd', 'ef', 'gh', 'ij']);
    expect(segments.map((s) => s.annotations.map((a) => a.id))).toEqual([[], ['outer'], ['outer', 'inner'], ['outer'], []]);
    expect(segments.map((s) => s.text).join('')).toBe('abcdefghij');
  });

  it('keeps a list marker in the text as its own segment', () => {
    const blocks = splitBlocks('- First point.\n12. Twelfth point.');
    expect(blocks.map((b) => b.marker)).toEqual([2, 4]);
    const segments = segmentBlock(blocks[0]!, [annotation('a', 0, 7)]);
    expect(segments.map((s) => [s.text, s.marker, s.annotations.length])).toEqual([
      ['- ', true, 1],
      ['First', false, 1],
      [' point.', false, 0],
    ]);
    expect(segmentBlock(blocks[1]!, []).map((s) => s.text)).toEqual(['12. ', 'Twelfth point.']);
  });

  it('clips annotations that run over block edges', () => {
    const blocks = splitBlocks('first block\nsecond block');
    const across = annotation('a', 6, 18);
    expect(segmentBlock(blocks[0]!, [across]).map((s) => s.text)).toEqual(['first ', 'block']);
    expect(segmentBlock(blocks[1]!, [across]).map((s) => s.text)).toEqual(['second', ' block']);
    expect(blockIndexAt(blocks, 14)).toBe(1);
    expect(blockIndexAt(blocks, 0)).toBe(0);
  });
});

describe('a PDF selection located in the page text', () => {
  it('ignores whitespace differences between the text layer and the stored text', () => {
    const page = 'Deterrence in the Western\nBalkans rests on a credible presence.';
    const found = locateInPage(page, 'Western Balkans rests', 0);
    expect(page.slice(found!.start, found!.end)).toBe('Western\nBalkans rests');
  });

  it('takes the occurrence nearest to where the selection is', () => {
    const page = 'the same line. the same line. the same line.';
    expect(locateInPage(page, 'same line', 0)!.start).toBe(4);
    expect(locateInPage(page, 'same line', 1)!.start).toBe(34);
    expect(locateInPage(page, 'absent', 0)).toBeNull();
    expect(locateInPage(page, '   ', 0)).toBeNull();
  });

  it('finds a word the importer joined across a line end, selected with its hyphen', () => {
    const page = 'Below, a note: each strategy is dominated by another, a well-known result.';
    const found = locateInPage(page, 'strategy is dom-\ninated by another', 0);
    expect(page.slice(found!.start, found!.end)).toBe('strategy is dominated by another');
    // A compound keeps its hyphen in the stored text: found as it is.
    const compound = locateInPage(page, 'a well-\nknown result', 0);
    expect(page.slice(compound!.start, compound!.end)).toBe('a well-known result');
  });

  it('places each end of a selection through its own text item (columns read down, not across)', () => {
    // Stored: the left column, then the right; the text layer holds them line by line across.
    const page = 'Gallia est omnis divisa\nin partes tres, quarum\nGallien ist in seiner\nGesamtheit in drei Teile';
    const start = locatePoint(page, 'Gallia est omnis divisa', 'Gallia est '.length, 'start', 0);
    const end = locatePoint(page, 'in partes tres, quarum', 'in partes'.length, 'end', 0.1);
    expect(page.slice(start!, end!)).toBe('omnis divisa\nin partes');
    // An item ending in a hyphen the importer joined away is found without it.
    const joined = 'each strategy is dominated by another';
    expect(locatePoint(joined, 'strategy is dom-', 'strategy is dom-'.length, 'end', 0)).toBe('each strategy is dom'.length);
    expect(locatePoint(joined, 'absent words', 0, 'start', 0)).toBeNull();
    // A ligature glyph in the text layer is its letters in the stored text.
    const found = locateInPage('the file name', 'the \ufb01le', 0);
    expect(found).toEqual({ start: 0, end: 8 });
  });
});

describe('search as you type', () => {
  it('searches an unfinished last word as a prefix', () => {
    expect(asYouType('security vacu')).toBe('security vacu*');
    expect(asYouType('Priština')).toBe('Priština*');
  });

  it('leaves syntax and finished words alone', () => {
    expect(asYouType('security ')).toBe('security ');
    expect(asYouType('"security vacuum')).toBe('"security vacuum');
    expect(asYouType('"security vacuum"')).toBe('"security vacuum"');
    expect(asYouType('tag:kosovo')).toBe('tag:kosovo');
    expect(asYouType('kosovo OR')).toBe('kosovo OR');
    expect(asYouType('secur*')).toBe('secur*');
    expect(asYouType('a')).toBe('a');
    expect(asYouType('-kosovo')).toBe('-kosovo');
  });
});

describe('bytes over JSON', () => {
  it('round-trips Uint8Array fields as {$bytes: base64}', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256);
    const json = encodeJson({ files: [{ name: 'a.pdf', bytes }] });
    expect(json).toContain('"$bytes":"AAECAwQF');
    const back = decodeJson(json) as { files: { bytes: Uint8Array }[] };
    expect(back.files[0]!.bytes).toEqual(bytes);
  });
});

describe('PDF geometry', () => {
  it('finds the page of an offset', () => {
    expect(pageOfOffset([0, 100, 250], 0)).toBe(1);
    expect(pageOfOffset([0, 100, 250], 99)).toBe(1);
    expect(pageOfOffset([0, 100, 250], 100)).toBe(2);
    expect(pageOfOffset([0, 100, 250], 9999)).toBe(3);
  });

  it('cuts text runs to the annotated characters, one box per line, as the exported PDF places them', () => {
    const layout = { page: 1, width: 600, height: 800, runs: [[0, 10, 100, 700, 100, 12], [11, 21, 100, 680, 100, 12]] };
    const boxes = boxesFor(layout, [annotation('a', 5, 15)]);
    // Baseline − 20 % to + 80 % of the font height, as core's quads.
    expect(boxes.map(({ x1, x2, y1, y2 }) => [x1, x2, y1, y2])).toEqual([
      [150, 200, 697.6, 709.6],
      [100, 140, 677.6, 689.6],
    ]);
  });

  it('puts boxes on the glyph edges where the runs carry them', () => {
    // "Wilt": W wide, i and l narrow; the annotation is "il".
    const layout = { page: 1, width: 600, height: 800, runs: [[0, 4, 100, 700, 19, 10, 9.4, 12.2, 15]] };
    const [box] = boxesFor(layout, [annotation('a', 1, 3)]);
    expect([box!.x1, box!.x2]).toEqual([109.4, 115]);
  });
});
