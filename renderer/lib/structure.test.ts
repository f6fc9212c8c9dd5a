import { describe, expect, it } from 'vitest';
import type { Annotation, DocumentStructure } from '../../core/types.ts';
import { assetOf, blockRuns, nodeIndexAt, plainTree, safeDataImage, safeHref, structureTree, type Overlays } from './structure.ts';

const annotation = (id: string, start: number, end: number): Annotation =>
  ({ id, position: { start, end }, kind: 'highlight', color: 'yellow', suggested: false, anchor: 'exact' }) as Annotation;

const none: Overlays = { spans: [], images: [], annotations: [], matches: [], current: -1 };

describe('structure tree', () => {
  it('nests blocks under their parents and keeps the top level in order', () => {
    const structure: DocumentStructure = {
      blocks: [
        ['h', 0, 5, -1, { level: 1 }],
        ['ul', 7, 20, -1],
        ['li', 9, 12, 1],
        ['li', 15, 20, 1],
      ],
      spans: [],
      images: [],
    };
    const tree = structureTree(structure);
    expect(tree.map((n) => n.kind)).toEqual(['h', 'ul']);
    expect(tree[1]!.children.map((n) => [n.kind, n.start, n.end, n.index])).toEqual([
      ['li', 9, 12, 2],
      ['li', 15, 20, 3],
    ]);
    expect(nodeIndexAt(tree, 8)).toBe(1);
    expect(nodeIndexAt(tree, 0)).toBe(0);
  });

  it('reads a plain text as paragraphs, headings and items with their markers', () => {
    const tree = plainTree('Title here\n- first point of the list\nA paragraph that is long enough to be one, ending with a stop.');
    expect(tree.map((n) => n.kind)).toEqual(['h', 'item', 'p']);
    expect(tree[1]!.marker).toBe(2);
  });
});

describe('block runs', () => {
  it('draws every character of a block once, cut where spans, annotations and matches begin and end', () => {
    const text = 'Some emphasised words and a link.';
    const node = { kind: 'p' as const, index: 0, start: 0, end: text.length, children: [] };
    const runs = blockRuns(node, text, {
      ...none,
      spans: [
        ['em', 5, 15],
        ['a', 28, 32, 'https://example.org/'],
      ],
      annotations: [annotation('a1', 10, 21)],
      matches: [{ start: 0, end: 4, index: 0 }],
      current: 0,
    });
    expect(runs).toHaveLength(1);
    const pieces = runs[0]!.pieces;
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.find((p) => p.text === 'Some')!.find).toBe(2);
    expect(pieces.filter((p) => p.em).map((p) => p.text)).toEqual(['empha', 'sised']);
    expect(pieces.filter((p) => p.annotations.length).map((p) => p.text).join('')).toBe('sised words');
    expect(pieces.find((p) => p.href)!.text).toBe('link');
  });

  it('leaves out the list indentation of a code block’s lines, in separate runs that keep their offsets', () => {
    const text = '- item\n  make\n    install';
    const node = { kind: 'code' as const, index: 0, start: 9, end: text.length, extra: { indent: 2 }, children: [] };
    // the block starts at "make" (offset 9); its second line has 2 spaces of layout then its own 2
    const runs = blockRuns({ ...node, start: 9 }, text, none);
    expect(runs.map((r) => [r.start, r.end, text.slice(r.start, r.end)])).toEqual([
      [9, 14, 'make\n'],
      [16, 25, '  install'],
    ]);
  });

  it('puts an image in the block it belongs to, not in the block ending where it stands', () => {
    const text = 'Quote.Caption';
    const images = [{ alt: 'x', src: null, block: 1 }];
    const spans: Overlays['spans'] = [['img', 6, 6, 0]];
    const quote = blockRuns({ kind: 'p', index: 0, start: 0, end: 6, children: [] }, text, { ...none, spans, images });
    const figure = blockRuns({ kind: 't', index: 1, start: 6, end: 6, children: [] }, text, { ...none, spans, images });
    expect(quote[0]!.pieces.some((p) => p.image !== null)).toBe(false);
    expect(figure[0]!.pieces.map((p) => p.image)).toEqual([0]);
  });
});

describe('what the reader lets through', () => {
  it('links: http(s) and mailto only', () => {
    expect(safeHref('https://example.org/x')).toBe('https://example.org/x');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
  });

  it('images: raster data: URIs and stored assets only', () => {
    expect(safeDataImage('data:image/png;base64,AAAA')).toBe('data:image/png;base64,AAAA');
    expect(safeDataImage('data:image/svg+xml;base64,AAAA')).toBeNull();
    expect(safeDataImage('https://example.org/a.png')).toBeNull();
    expect(assetOf(`asset:${'a'.repeat(64)}`)).toBe('a'.repeat(64));
    expect(assetOf('asset:../../etc/passwd')).toBeNull();
  });
});

describe('links in the structure', () => {
  it('are drawn only when the reader’s own check accepts them too', () => {
    const text = 'bad link';
    const runs = blockRuns({ kind: 'p', index: 0, start: 0, end: 8, children: [] }, text, { ...none, spans: [['a', 0, 8, 'javascript:alert(1)']] });
    expect(runs[0]!.pieces.every((p) => p.href === null)).toBe(true);
  });
});
