// Page labels (/PageLabels) from import to every place a page is named: extraction (checked
// against PyMuPDF where it is installed), the archive, annotations, the exports, and archives made
// before labels were kept.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Pith } from '../../pith.ts';
import { setOutline, setPageLabels, tempDir, type LabelRange } from '../../export/test-fixtures.ts';
import { extractPdfChunk, pdfPageLabels } from './pdf.ts';

const PAGES = 20;
const RANGES: LabelRange[] = [
  { from: 1, style: 'r' },
  { from: 5, style: 'D' },
  { from: 19, style: 'A', prefix: 'App-' },
];
const EXPECTED = ['i', 'ii', 'iii', 'iv', ...Array.from({ length: 14 }, (_, i) => String(i + 1)), 'App-A', 'App-B'];

async function labelledPdf(ranges: LabelRange[] | null): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= PAGES; p++) {
    const page = pdf.addPage([612, 792]);
    page.drawText(`Sheet ${p} of the labelled manual: marker${p}x.`, { x: 72, y: 700, size: 12, font });
  }
  if (ranges) setPageLabels(pdf, ranges);
  setOutline(pdf, [{ title: 'Chapter 1', page: 5 }]);
  return pdf.save();
}

/** PyMuPDF's labels for a PDF file, or null where /usr/bin/python3 has no fitz. */
function fitzLabels(file: string): string[] | null {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import fitz,sys,json\nd=fitz.open(sys.argv[1])\nprint(json.dumps([p.get_label() for p in d]))', file], { encoding: 'utf8' });
  return r.status === 0 ? (JSON.parse(r.stdout) as string[]) : null;
}

describe('page labels at extraction', () => {
  it('reads /PageLabels as PyMuPDF does: roman front matter, decimal body, prefixed appendix', async () => {
    const bytes = await labelledPdf(RANGES);
    const chunk = await extractPdfChunk(bytes, 1, Infinity);
    expect(chunk.pageLabels).toEqual(EXPECTED);
    const dir = tempDir();
    const file = path.join(dir, 'labelled.pdf');
    fs.writeFileSync(file, bytes);
    const reference = fitzLabels(file);
    // PyMuPDF 1.21 (Debian 12) counts letter labels from "B" (an off-by-one fixed later; qpdf and
    // the spec agree on "A" for /St 1), so it is the reference for the roman and decimal ranges.
    if (reference) expect(chunk.pageLabels!.slice(0, 18)).toEqual(reference.slice(0, 18));
  });

  it('gives null for a PDF without labels, and for labels that only repeat the page numbers', async () => {
    expect(await pdfPageLabels(await labelledPdf(null))).toBeNull();
    expect(await pdfPageLabels(await labelledPdf([{ from: 1, style: 'D' }]))).toBeNull();
  });

  it('only the chunk holding page 1 reads them', async () => {
    const bytes = await labelledPdf(RANGES);
    expect((await extractPdfChunk(bytes, 5, 8)).pageLabels).toBeUndefined();
  });
});

describe('page labels in the archive and the exports', () => {
  let work: string;
  let pith: Pith;
  let id: string;

  beforeAll(async () => {
    work = tempDir('pith-labels-');
    fs.writeFileSync(path.join(work, 'manual.pdf'), await labelledPdf(RANGES));
    pith = Pith.open(path.join(work, 'archive'), { pool: { size: 1 } });
    const report = await pith.importPaths({ paths: [path.join(work, 'manual.pdf')] });
    id = report.results[0]!.documentId!;
  }, 60_000);
  afterAll(async () => {
    await pith?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('returns the labels with the document and stores the label with each annotation', async () => {
    const doc = await pith.getDocument({ id });
    expect(doc.pageLabels).toEqual(EXPECTED);
    const onIii = await pith.addAnnotation({ documentId: id, quote: 'marker3x' });
    expect(onIii.page).toBe(3);
    expect(onIii.pageLabel).toBe('iii');
    const onAppendix = await pith.addAnnotation({ documentId: id, quote: 'marker20x', comment: 'Appendix B' });
    expect(onAppendix.pageLabel).toBe('App-B');
  });

  it('names pages by their labels in Markdown, CSV, JSON and the annotated PDF', async () => {
    const out = (name: string) => path.join(work, name);
    await pith.exportAnnotations({ format: 'md', documentIds: [id], out: out('notes.md') });
    const md = fs.readFileSync(out('notes.md'), 'utf8');
    expect(md).toMatch(/\np\. iii\n/);
    expect(md).toMatch(/\np\. App-B\n/);
    expect(md).not.toMatch(/\np\. 3\n/);

    await pith.exportAnnotations({ format: 'csv', documentIds: [id], out: out('notes.csv') });
    const csv = fs.readFileSync(out('notes.csv'), 'utf8');
    expect(csv).toMatch(/,iii,3,/);
    expect(csv).toMatch(/,App-B,20,/);

    await pith.exportAnnotations({ format: 'json', documentIds: [id], out: out('notes.json') });
    const json = JSON.parse(fs.readFileSync(out('notes.json'), 'utf8')) as { first: { items: { target: { label?: string; selector: { type: string; value?: string; refinedBy?: { exact: string } }[] } }[] } };
    const targets = json.first.items.map((a) => a.target);
    expect(targets.map((t) => t.label)).toEqual(['p. iii', 'p. App-B']);
    const fragment = targets[0]!.selector.find((s) => s.type === 'FragmentSelector')!;
    expect(fragment.value).toBe('page=3');
    expect(fragment.refinedBy?.exact).toBe('marker3x');

    await pith.exportAnnotations({ format: 'pdf', documentIds: [id], out: out('annotated.pdf') });
    const r = spawnSync('/usr/bin/python3', ['-c', 'import fitz,sys\nd=fitz.open(sys.argv[1])\nprint("|".join(a.info["content"] for p in d for a in p.annots()))', out('annotated.pdf')], { encoding: 'utf8' });
    if (r.status === 0) {
      expect(r.stdout).toContain('p. iii');
      expect(r.stdout).toContain('Appendix B\n\np. App-B');
    } else {
      const raw = Buffer.from(fs.readFileSync(out('annotated.pdf'))).toString('latin1');
      expect(raw).toContain('/Highlight');
    }
  });

  it('reads the labels of a PDF imported before they were kept, once, and names its annotations by them', async () => {
    // As an archive at schema 4 left it: labels never read, annotations without a page label.
    pith.db.prepare('UPDATE documents SET page_labels = NULL').run();
    pith.db.prepare('UPDATE annotations SET page_label = NULL').run();
    const all = await pith.listAnnotations({});
    expect(all.annotations.map((a) => a.pageLabel)).toEqual(['3', '20']);
    const doc = await pith.getDocument({ id });
    expect(doc.pageLabels).toEqual(EXPECTED);
    expect(doc.annotations.map((a) => a.pageLabel)).toEqual(['iii', 'App-B']);
    expect((pith.db.prepare('SELECT page_labels FROM documents').get() as { page_labels: string }).page_labels).toBe(JSON.stringify(EXPECTED));
    // Listing one document's annotations reads its labels too (the CLI never opens documents).
    pith.db.prepare('UPDATE documents SET page_labels = NULL').run();
    pith.db.prepare('UPDATE annotations SET page_label = NULL').run();
    expect((await pith.listAnnotations({ documentId: id })).annotations.map((a) => a.pageLabel)).toEqual(['iii', 'App-B']);
  });

  it('marks a PDF without labels as read ([]), and gives page numbers', async () => {
    fs.writeFileSync(path.join(work, 'plain.pdf'), await labelledPdf(null));
    const report = await pith.importPaths({ paths: [path.join(work, 'plain.pdf')] });
    const plain = report.results[0]!.documentId!;
    expect((await pith.getDocument({ id: plain })).pageLabels).toBeNull();
    expect((pith.db.prepare('SELECT page_labels FROM documents WHERE uuid = ?').get(plain) as { page_labels: string }).page_labels).toBe('[]');
    expect((await pith.addAnnotation({ documentId: plain, quote: 'marker7x' })).pageLabel).toBe('7');
  });
});
