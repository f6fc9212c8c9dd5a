// The PDFs are checked with tools that are not ours: poppler (pdftotext, pdfinfo, pdftoppm),
// qpdf, mupdf (mutool) and pdf.js. Tests needing a missing tool say so and are skipped (CI
// installs them: apt-get install poppler-utils qpdf mupdf-tools).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportAnnotation, ExportDocument } from './model.ts';
import { typesetPdf, parseBlocks } from './pdf-typeset.ts';
import { annotatePdf } from './pdf-annotate.ts';
import { pdfDate } from './pdf-annots.ts';
import { fitzHighlights, HAVE_FITZ } from './test-fitz.ts';
import { SAMPLE_TEXT, hasTool, makePdf, renderPage, run, tempDir, tintedShare } from './test-fixtures.ts';

const HAVE = { poppler: hasTool('pdftotext') && hasTool('pdftoppm') && hasTool('pdfinfo'), qpdf: hasTool('qpdf'), mutool: hasTool('mutool') };
for (const [tool, ok] of Object.entries(HAVE))
  if (!ok) console.warn(`skipped: ${tool} is not installed (apt-get install poppler-utils qpdf mupdf-tools); its checks do not run`);

const dir = tempDir('pith-pdf-test-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let seq = 0;
function ann(doc: ExportDocument, a: Omit<Partial<ExportAnnotation>, 'quote'> & { quote?: string; occurrence?: number }): ExportAnnotation {
  const { quote, occurrence, ...rest } = a;
  let position = null;
  let q = null;
  if (quote) {
    let at = -1;
    for (let k = 0; k < (occurrence ?? 1); k += 1) at = doc.text.indexOf(quote, at + 1);
    if (at < 0) throw new Error(`not in text: ${quote}`);
    position = { start: at, end: at + quote.length };
    q = { exact: quote, prefix: '', suffix: '' };
  }
  seq += 1;
  return {
    id: `11111111-2222-4333-8444-${String(seq).padStart(12, '0')}`,
    documentId: doc.id,
    parentId: null,
    kind: 'highlight',
    suggested: false,
    color: 'yellow',
    quote: q,
    position,
    page: null,
    text: null,
    comment: null,
    tags: [],
    anchor: q ? 'exact' : null,
    created: '2025-03-12T10:00:00.000Z',
    updated: '2025-03-13T08:30:00.000Z',
    ...rest,
  };
}

function textDoc(text: string, kind: ExportDocument['kind'] = 'txt'): ExportDocument {
  return {
    id: '0a0b0c0d-1111-4222-8333-444455556666',
    title: 'NATO Rutte visit to Priština',
    authors: ['Jane Doe', 'Јован Јовановић'],
    published: '2025-03-11',
    source: { path: '/docs/nato.txt', url: 'https://example.org/nato' },
    kind,
    mime: 'text/plain',
    pages: null,
    pageStarts: null,
    pageLabels: null,
    importedAt: '2025-03-12T00:00:00.000Z',
    updated: '2025-03-12T00:00:00.000Z',
    note: null,
    sha256: 'b'.repeat(64),
    tags: ['nato', 'Western Balkans'],
    text,
    annotations: [],
  };
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function pdfjsAnnotations(file: string): Promise<{ pages: number; byPage: Map<number, any[]>; sizes: Map<number, number[]> }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  const pdf = await task.promise;
  const byPage = new Map<number, any[]>();
  const sizes = new Map<number, number[]>();
  for (let p = 1; p <= pdf.numPages; p += 1) {
    const page = await pdf.getPage(p);
    byPage.set(p, await page.getAnnotations());
    sizes.set(p, page.view as number[]);
  }
  const pages = pdf.numPages;
  await task.destroy();
  return { pages, byPage, sizes };
}

/** Quads from pdf.js (flat x,y × 4 per quad, Acrobat order) as boxes. */
function boxes(quadPoints: ArrayLike<number>): { x1: number; y1: number; x2: number; y2: number }[] {
  const out = [];
  for (let i = 0; i + 8 <= quadPoints.length; i += 8) {
    const xs = [quadPoints[i]!, quadPoints[i + 2]!, quadPoints[i + 4]!, quadPoints[i + 6]!];
    const ys = [quadPoints[i + 1]!, quadPoints[i + 3]!, quadPoints[i + 5]!, quadPoints[i + 7]!];
    // Acrobat's order: upper-left, upper-right, lower-left, lower-right.
    expect(quadPoints[i + 1]).toBeGreaterThan(quadPoints[i + 5]!);
    expect(quadPoints[i + 2]).toBeGreaterThan(quadPoints[i]!);
    out.push({ x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) });
  }
  return out;
}

/** The text poppler finds inside a box of a page (pdftotext's crop area, in points at 72 dpi). */
function textIn(file: string, page: number, pageHeight: number, box: { x1: number; y1: number; x2: number; y2: number }): string {
  // pdftotext keeps characters that touch the crop area: a point in from each side keeps the
  // neighbours (a quote mark, the next letter) out.
  const b = { x1: box.x1 + 1.5, y1: box.y1, x2: box.x2 - 1.5, y2: box.y2 };
  const args = ['-f', String(page), '-l', String(page), '-r', '72', '-x', String(Math.floor(b.x1)), '-y', String(Math.floor(pageHeight - b.y2)), '-W', String(Math.ceil(b.x2 - b.x1)), '-H', String(Math.ceil(b.y2 - b.y1)), file, '-'];
  return squash(run('pdftotext', args));
}

describe('typeset PDF', () => {
  const quote = 'will not allow a security vacuum to emerge';
  const cyrillic = 'Београд';
  let file = '';
  let doc: ExportDocument;

  it('typesets the text with its highlights', async () => {
    doc = textDoc(`NATO Rutte visit to Priština\n${SAMPLE_TEXT}\n${'Long paragraph to fill pages. '.repeat(400)}\nThe last line says Priština again.\n`);
    const h = ann(doc, { quote, color: 'yellow', comment: 'Key line — Београд, “quoted”', tags: ['security vacuum'] });
    doc.annotations = [
      h,
      ann(doc, { quote: cyrillic, color: 'green' }),
      ann(doc, { kind: 'takeaway', quote: 'NATO remains committed to the stability and territorial integrity of Bosnia and Herzegovina.', color: 'blue' }),
      ann(doc, { kind: 'takeaway', suggested: true, quote: 'NATO will not allow a security vacuum in Bosnia and Herzegovina.' }),
      ann(doc, { kind: 'note', parentId: h.id, text: 'Compare with 2024.' }),
      ann(doc, { kind: 'note', text: 'A note on the whole document.' }),
      ann(doc, { quote: 'Priština again' }),
    ];
    const result = await typesetPdf(doc, { author: 'Pith' });
    expect(result.pages).toBeGreaterThanOrEqual(3);
    expect(result.highlights).toBe(4);
    expect(result.notes).toBe(2);
    file = path.join(dir, 'typeset.pdf');
    fs.writeFileSync(file, result.bytes);
  });

  it.runIf(HAVE.poppler)('reads back with pdftotext, diacritics and Cyrillic included', () => {
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toContain('Priština');
    expect(text).toContain('Београд');
    expect(squash(text)).toContain(squash('Rutte said NATO and its partners are present and engaged, and "will not allow a security vacuum to emerge."'));
    expect(squash(text)).toContain('The last line says Priština again.');
    expect(text).toMatch(/1 \/ \d+|1\/\d+/);
    const info = run('pdfinfo', [file]);
    expect(info).toMatch(/Title:\s+NATO Rutte visit to Priština/);
    expect(info).toMatch(/Author:\s+Jane Doe, Јован Јовановић/);
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    const fonts = run('pdffonts', [file]);
    expect(fonts).toMatch(/DejaVuSerif/);
    expect(fonts.split('\n').filter((l) => /DejaVu/.test(l)).every((l) => /\byes\s+yes\s+yes\b/.test(l))).toBe(true); // embedded, subset, unicode map
  });

  it.runIf(HAVE.qpdf)('passes qpdf --check', () => {
    const out = run('qpdf', ['--check', file]);
    expect(out).toContain('No syntax or stream encoding errors found');
  });

  it.runIf(HAVE.poppler)('places each /Highlight on the page of its quote, over exactly the quoted words', async () => {
    const { byPage, sizes } = await pdfjsAnnotations(file);
    const all = [...byPage.entries()].flatMap(([p, list]) => list.map((a) => ({ ...a, pageNo: p })));
    const highlights = all.filter((a) => a.subtype === 'Highlight');
    expect(highlights).toHaveLength(4);
    const main = highlights.find((a) => a.contentsObj?.str?.startsWith('Key line'))!;
    expect(main.contentsObj.str).toBe('Key line — Београд, “quoted”\n\nTags: security vacuum');
    expect(main.titleObj.str).toBe('Pith');
    expect(Array.from(main.color as Uint8ClampedArray).slice(0, 2)).toEqual([255, 212]);
    expect(main.creationDate).toBe(pdfDate('2025-03-12T10:00:00.000Z'));
    expect(main.modificationDate).toBe(pdfDate('2025-03-13T08:30:00.000Z'));
    expect(main.popupRef).toBeTruthy();
    expect(all.some((a) => a.subtype === 'Popup')).toBe(true);
    for (const h of highlights) {
      const [, , w, hgt] = sizes.get(h.pageNo)!;
      for (const b of boxes(h.quadPoints)) {
        expect(b.x1).toBeGreaterThanOrEqual(0);
        expect(b.y1).toBeGreaterThanOrEqual(0);
        expect(b.x2).toBeLessThanOrEqual(w!);
        expect(b.y2).toBeLessThanOrEqual(hgt!);
      }
    }
    // The quads hold the quote's words, as poppler reads them.
    const cases: [any, string][] = [
      [main, quote],
      [highlights.find((a) => a.color[1] > 150 && a.color[0] < 120 && a.color[2] < 100)!, cyrillic],
      [highlights.find((a) => a.contentsObj?.str === '' && a.pageNo > 1)!, 'Priština again'],
    ];
    for (const [h, expected] of cases) {
      const height = sizes.get(h.pageNo)![3]!;
      const text = boxes(h.quadPoints)
        .map((b) => textIn(file, h.pageNo, height, b))
        .join(' ');
      expect(squash(text)).toBe(expected);
    }
    const takeaway = highlights.find((a) => a.contentsObj?.str === 'Takeaway')!;
    expect(boxes(takeaway.quadPoints).length).toBe(2); // wraps onto a second line
    const notes = all.filter((a) => a.subtype === 'Text');
    expect(notes).toHaveLength(2);
    const reply = notes.find((a) => a.contentsObj.str === 'Compare with 2024.')!;
    expect(reply.inReplyTo).toBeTruthy();
    expect(reply.replyType).toBe('R');
  });

  it.runIf(HAVE.poppler)('tints the quoted words when pdftoppm renders the page, and nothing else', async () => {
    const { byPage, sizes } = await pdfjsAnnotations(file);
    const main = byPage.get(1)!.find((a) => a.subtype === 'Highlight' && a.contentsObj?.str?.startsWith('Key line'));
    const pageNo = main ? 1 : [...byPage.keys()].find((p) => byPage.get(p)!.some((a) => a.contentsObj?.str?.startsWith('Key line')))!;
    const h = byPage.get(pageNo)!.find((a) => a.subtype === 'Highlight' && a.contentsObj?.str?.startsWith('Key line'))!;
    const height = sizes.get(pageNo)![3]!;
    const img = renderPage(file, pageNo, 50);
    const [b] = boxes(h.quadPoints);
    const inset = { x1: b!.x1 + 2, y1: b!.y1 + 1, x2: b!.x2 - 2, y2: b!.y2 - 1 };
    expect(tintedShare(img, height, inset)).toBeGreaterThan(0.5);
    // The same line just after the quad, and the line above: not tinted.
    const after = { x1: b!.x2 + 4, y1: b!.y1 + 1, x2: Math.min(b!.x2 + 60, 540), y2: b!.y2 - 1 };
    if (after.x2 - after.x1 > 10) expect(tintedShare(img, height, after)).toBeLessThan(0.05);
    const above = { x1: b!.x1 + 2, y1: b!.y2 + 4, x2: b!.x2 - 2, y2: b!.y2 + 12 };
    expect(tintedShare(img, height, above)).toBeLessThan(0.05);
  });

  it.runIf(HAVE.mutool)('renders the same tint with mupdf', async () => {
    const { byPage, sizes } = await pdfjsAnnotations(file);
    const [pageNo, h] = [...byPage.entries()]
      .map(([p, list]) => [p, list.find((a) => a.subtype === 'Highlight' && a.contentsObj?.str?.startsWith('Key line'))] as const)
      .find(([, a]) => a)!;
    const out = path.join(dir, 'mu.ppm');
    execFileSync('mutool', ['draw', '-q', '-r', '50', '-o', out, file, String(pageNo)]);
    const data = fs.readFileSync(out);
    const header = data.toString('latin1', 0, 40).split(/\s+/);
    const offset = data.indexOf('\n255\n') + 5;
    const img = { width: Number(header[1]), height: Number(header[2]), rgb: data.subarray(offset), scale: 50 / 72 };
    const [b] = boxes(h.quadPoints);
    expect(tintedShare(img, sizes.get(pageNo)![3]!, { x1: b!.x1 + 2, y1: b!.y1 + 1, x2: b!.x2 - 2, y2: b!.y2 - 1 })).toBeGreaterThan(0.5);
  });

  it.runIf(HAVE.poppler)('typesets Markdown: "# Title" once, headings, lists, emphasis marks hidden', async () => {
    const md = textDoc('# NATO Rutte visit to Priština\n\nSome *intro* text\nwrapped **short**.\n\n## Findings\n\n- one `code` item\n- two\n', 'md');
    const q = md.text.indexOf('intro');
    md.annotations = [ann(md, { quote: 'intro' })];
    expect(md.annotations[0]!.position!.start).toBe(q);
    const file2 = path.join(dir, 'md.pdf');
    const result = await typesetPdf(md);
    fs.writeFileSync(file2, result.bytes);
    const text = run('pdftotext', [file2, '-']);
    expect(text.match(/NATO Rutte visit to Priština/g)).toHaveLength(2); // the title, and the footer
    expect(squash(text)).toContain('Some intro text wrapped short.');
    expect(text).toContain('• one code item');
    expect(text).not.toMatch(/[*`#]/);
    const { byPage } = await pdfjsAnnotations(file2);
    const h = byPage.get(1)!.find((a) => a.subtype === 'Highlight')!;
    expect(squash(boxes(h.quadPoints).map((b) => textIn(file2, 1, 841.89, b)).join(' '))).toBe('intro');
  });

  it.runIf(HAVE.poppler)('prints on Letter paper when asked', async () => {
    const letter = path.join(dir, 'letter.pdf');
    fs.writeFileSync(letter, (await typesetPdf(textDoc('Short text.'), { pageSize: 'Letter' })).bytes);
    expect(run('pdfinfo', [letter])).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
  });
});

describe('text structure for typesetting', () => {
  it('finds headings, list items and paragraphs in plain text lines', () => {
    const blocks = parseBlocks(SAMPLE_TEXT, 'txt');
    expect(blocks.map((b) => b.type)).toEqual(['para', 'heading', 'item', 'item', 'heading', 'para']);
    const item = blocks[2]!;
    expect(SAMPLE_TEXT.slice(item.spans[0]![0], item.spans[0]![1])).toBe('NATO remains committed to the stability and territorial integrity of Bosnia and Herzegovina.');
  });

  it('keeps a list marker as text where an annotation covers it', () => {
    const at = SAMPLE_TEXT.indexOf('- NATO will not');
    const blocks = parseBlocks(SAMPLE_TEXT, 'txt', undefined, { keepMarker: (start, end) => start <= at && end > at });
    const items = blocks.filter((b) => b.type === 'item');
    expect(items.map((b) => b.marker ?? null)).toEqual(['•', null]);
    expect(SAMPLE_TEXT.slice(items[1]!.spans[0]![0], items[1]!.spans[0]![1])).toBe('- NATO will not allow a security vacuum in Bosnia and Herzegovina.');
  });

  it.runIf(HAVE_FITZ)('typesets a quote that starts with "- " as written, its highlight over every character (PyMuPDF)', async () => {
    const doc = textDoc(`Dash list\n${SAMPLE_TEXT}\n- a line that looks like a list item but is not quoted.\n`);
    const quote = '- NATO will not allow a security vacuum in Bosnia and Herzegovina.';
    const takeaway = 'NATO remains committed to the stability';
    doc.annotations = [ann(doc, { quote, color: 'yellow' }), ann(doc, { kind: 'takeaway', quote: takeaway })];
    const result = await typesetPdf(doc, { author: 'Pith' });
    const file = path.join(dir, 'dash-quote.pdf');
    fs.writeFileSync(file, result.bytes);
    const found = fitzHighlights(file).map((h) => squash(h.text));
    expect(found).toEqual([takeaway, quote]);
    // Items nobody quoted from their marker still get a bullet.
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toContain('• NATO remains committed');
    expect(text).toContain('• a line that looks like a list item');
  });

  it('reads Markdown headings and reflows its paragraphs', () => {
    const md = '# Title\n\nFirst line\nsecond line.\n\n## Part\n\n1. one\n2. two\n';
    const blocks = parseBlocks(md, 'md', 'Something else');
    expect(blocks.map((b) => [b.type, b.level ?? b.marker ?? null])).toEqual([
      ['heading', 1],
      ['para', null],
      ['heading', 2],
      ['item', '1.'],
      ['item', '2.'],
    ]);
    expect(blocks[1]!.spans).toHaveLength(2);
  });
});

for (const variant of ['xref stream', 'xref table'] as const)
describe(`annotated PDF original (${variant})`, () => {
  let file = '';
  let original = '';
  let doc: ExportDocument;
  const pageLines = [
    ['NATO Secretary General Mark Rutte visited Sarajevo.', 'He met officials of Bosnia and Herzegovina.', 'The Dayton Peace Agreement is the cornerstone.'],
    ['On March 11 he visited Pristina.', 'NATO will not allow a security vacuum to emerge.', 'KFOR remains the longest NATO mission.'],
  ];

  it('adds /Highlight and /Text annotations to the original pages', async () => {
    const made = await makePdf(pageLines, { objectStreams: variant === 'xref stream' });
    original = path.join(dir, `original-${variant}.pdf`);
    fs.writeFileSync(original, made.bytes);
    doc = { ...textDoc(made.body), kind: 'pdf', mime: 'application/pdf', pages: 2, pageStarts: made.pageStarts };
    const stored = ann(doc, { quote: 'Dayton Peace Agreement', page: 1, comment: 'Stored quads' });
    stored.quads = [{ page: 1, x1: 72 + 0, y1: 680 - 3, x2: 72 + 150, y2: 680 + 11 }];
    const h = ann(doc, { quote: 'will not allow a security vacuum to emerge', page: 2, color: 'green', comment: 'Београд and Priština' });
    doc.annotations = [
      stored,
      h,
      ann(doc, { kind: 'note', parentId: h.id, text: 'Reply on page 2' }),
      ann(doc, { quote: 'KFOR', anchor: 'orphaned', comment: 'lost' }),
    ];
    const result = await annotatePdf(made.bytes, doc, { layouts: made.layouts, author: 'Researcher' });
    expect(result).toMatchObject({ highlights: 2, notes: 2, unplaced: 1 });
    file = path.join(dir, `annotated-${variant}.pdf`);
    fs.writeFileSync(file, result.bytes);
    // An incremental update: the original's bytes, unchanged, then the annotations.
    expect(Buffer.from(result.bytes.subarray(0, made.bytes.length)).equals(Buffer.from(made.bytes))).toBe(true);
    expect(new TextDecoder('latin1').decode(result.bytes.subarray(made.bytes.length))).toMatch(variant === 'xref table' ? /\nxref\n[\s\S]*trailer[\s\S]*\/Prev \d+/ : /\/Type \/XRef[\s\S]*\/Prev \d+/);
  });

  it.runIf(HAVE.qpdf)('passes qpdf --check', () => {
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
  });

  it.runIf(HAVE.poppler)('keeps the original text and puts the highlight on its page, over its words', async () => {
    expect(squash(run('pdftotext', [file, '-']))).toBe(squash(run('pdftotext', [original, '-'])));
    const { byPage, sizes } = await pdfjsAnnotations(file);
    const page2 = byPage.get(2)!;
    const h = page2.find((a) => a.subtype === 'Highlight')!;
    expect(h.titleObj.str).toBe('Researcher');
    expect(h.contentsObj.str).toBe('Београд and Priština');
    // Import places quads by the share of characters in a text run (no glyph widths), so a
    // quad may reach a letter into its neighbours; the words are all inside it.
    const found = squash(boxes(h.quadPoints).map((b) => textIn(file, 2, 792, b)).join(' '));
    expect(found).toContain('will not allow a security vacuum to emerge');
    expect(found.length).toBeLessThanOrEqual('will not allow a security vacuum to emerge'.length + 4);
    expect(byPage.get(1)!.filter((a) => a.subtype === 'Highlight')).toHaveLength(1);
    const reply = page2.find((a) => a.subtype === 'Text')!;
    expect(reply.contentsObj.str).toBe('Reply on page 2');
    expect(reply.inReplyTo).toBeTruthy();
    // The orphaned quote became a note in the top-left margin of page 1.
    const lost = byPage.get(1)!.find((a) => a.subtype === 'Text')!;
    expect(lost.contentsObj.str).toContain('“KFOR”');
    expect(lost.rect[1]).toBeGreaterThan(sizes.get(1)![3]! - 60);
    const img = renderPage(file, 2, 50);
    const [b] = boxes(h.quadPoints);
    expect(tintedShare(img, 792, { x1: b!.x1 + 2, y1: b!.y1 + 1, x2: b!.x2 - 2, y2: b!.y2 - 1 })).toBeGreaterThan(0.5);
    const plain = renderPage(original, 2, 50);
    expect(tintedShare(plain, 792, { x1: b!.x1 + 2, y1: b!.y1 + 1, x2: b!.x2 - 2, y2: b!.y2 - 1 })).toBe(0);
  });

  it('refuses an encrypted or unreadable PDF with a reason', async () => {
    await expect(annotatePdf(new TextEncoder().encode('not a pdf at all'), doc)).rejects.toThrow(/cannot be read|PDF/);
  });
});

describe('annotated PDF original without a usable cross-reference', () => {
  it.runIf(HAVE.qpdf && HAVE.poppler)('is written whole, as pdf-lib repaired it', async () => {
    const made = await makePdf([['NATO will not allow a security vacuum to emerge.']]);
    const cut = made.bytes.subarray(0, new TextDecoder('latin1').decode(made.bytes).lastIndexOf('startxref'));
    const doc: ExportDocument = { ...textDoc(made.body), kind: 'pdf', mime: 'application/pdf', pages: 1, pageStarts: made.pageStarts };
    doc.annotations = [ann(doc, { quote: 'security vacuum', page: 1 })];
    const result = await annotatePdf(cut, doc, { layouts: made.layouts });
    expect(result.highlights).toBe(1);
    const file = path.join(dir, 'repaired.pdf');
    fs.writeFileSync(file, result.bytes);
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
    expect(squash(run('pdftotext', [file, '-']))).toBe('NATO will not allow a security vacuum to emerge.');
  });
});
