import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PDFDocument, PDFName, StandardFonts, type PDFFont } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { assemblePdf, extract, ExtractError, extractPdfChunk, extractPdfPart, NO_TEXT_LAYER_NOTE, type Extracted } from './index.ts';
import { packPdfChunk, unpackPdfChunk } from './pdf.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

interface Drawn {
  page: number;
  text: string;
  x: number;
  y: number;
  size: number;
  width: number;
}

/** A PDF of `pages` pages, each with a heading, two lines and a line drawn in two pieces. */
async function makePdf(pages: number, opts: { title?: string; author?: string; created?: Date; xmp?: string } = {}) {
  const doc = await PDFDocument.create();
  if (opts.title !== undefined) doc.setTitle(opts.title);
  if (opts.author !== undefined) doc.setAuthor(opts.author);
  doc.setCreationDate(opts.created ?? new Date('2025-03-10T12:00:00Z'));
  if (opts.xmp) {
    const stream = doc.context.stream(new TextEncoder().encode(opts.xmp), { Type: 'Metadata', Subtype: 'XML' });
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  }
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const drawn: Drawn[] = [];
  const draw = (page: ReturnType<PDFDocument['addPage']>, n: number, text: string, x: number, y: number, size: number, f: PDFFont = font) => {
    page.drawText(text, { x, y, size, font: f });
    drawn.push({ page: n, text, x, y, size, width: f.widthOfTextAtSize(text, size) });
  };
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([612, 792]);
    draw(page, n, `Chapter ${n}: Priština`, 72, 720, 18);
    draw(page, n, `The first line of page ${n} is here.`, 72, 690, 11);
    draw(page, n, 'A second line follows it.', 72, 675, 11);
    draw(page, n, 'Split', 72, 660, 11);
    draw(page, n, 'line', 110, 660, 11);
  }
  return { bytes: await doc.save(), drawn };
}

/** The text of every run, for the runs that are not just blank space. */
function runTexts(doc: Extracted, page: number): string[] {
  const layout = doc.layout!.find((l) => l.page === page)!;
  return layout.runs.map((r) => doc.text.slice(r[0], r[1])).filter((s) => s.trim());
}

const XMP = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">The XMP Title of Priština</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Ana Petrović</rdf:li><rdf:li>Marko Jurić</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

// A 1×1 PNG, for a page that has an image and no text.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

describe('pdf', () => {
  let three: Awaited<ReturnType<typeof makePdf>>;
  let doc: Extracted;
  beforeAll(async () => {
    three = await makePdf(3, { title: 'Balkans Report', author: 'Jane Doe, John Smith' });
    doc = await extract('report.pdf', three.bytes);
  }, 60_000);

  it('extracts the text of each page, pages joined by a blank line', () => {
    const page = (n: number) => `Chapter ${n}: Priština\nThe first line of page ${n} is here.\nA second line follows it.\nSplit line`;
    expect(doc.kind).toBe('pdf');
    expect(doc.mime).toBe('application/pdf');
    expect(doc.text).toBe([page(1), page(2), page(3)].join('\n\n'));
    expect(doc.pages).toBe(3);
    expect(doc.note).toBeNull();
  });

  it('gives the offset where each page starts', () => {
    expect(doc.pageStarts).toHaveLength(3);
    expect(doc.pageStarts![0]).toBe(0);
    for (let n = 1; n <= 3; n++) {
      expect(doc.text.slice(doc.pageStarts![n - 1]).startsWith(`Chapter ${n}:`)).toBe(true);
    }
    expect(doc.text.slice(doc.pageStarts![1]! - 2, doc.pageStarts![1])).toBe('\n\n');
  });

  it('records a run per text item: offsets into the text, baseline origin, width, font height', () => {
    expect(doc.layout).toHaveLength(3);
    for (let n = 1; n <= 3; n++) {
      const layout = doc.layout![n - 1]!;
      expect(layout).toMatchObject({ page: n, width: 612, height: 792 });
      const drawn = three.drawn.filter((d) => d.page === n);
      // The layout decides how a line is cut into runs (a run may hold several drawn items); the
      // glyph edges place each drawn item's start and end.
      const xAt = (r: number[], o: number): number => (o === r[0] ? r[2]! : o === r[1] ? r[2]! + r[4]! : r[2]! + r[6 + o - r[0]! - 1]!);
      let from = doc.pageStarts![n - 1]!;
      for (const d of drawn) {
        const start = doc.text.indexOf(d.text, from);
        expect(start).toBeGreaterThanOrEqual(from);
        from = start + d.text.length;
        const end = start + d.text.length;
        const first = layout.runs.find((r) => r[0]! <= start && start < r[1]!)!;
        const last = layout.runs.find((r) => r[0]! < end && end <= r[1]!)!;
        expect(first, d.text).toBeDefined();
        expect(last, d.text).toBeDefined();
        expect(xAt(first, start)).toBeCloseTo(d.x, 0);
        expect(first[3]).toBeCloseTo(d.y, 1);
        expect(first[5]).toBeCloseTo(d.size, 1);
        expect(Math.abs(xAt(last, end) - (d.x + d.width))).toBeLessThan(d.width * 0.01 + 0.5); // glyph boxes differ a little from advances
        for (const r of layout.runs.filter((r) => r[0]! >= first[0]! && r[1]! <= last[1]!)) {
          // [start, end, x, y, w, h] and an edge between each two of its characters, when it has them
          expect([6, 6 + r[1]! - r[0]! - 1]).toContain(r.length);
        }
      }
      // runs are in text order and do not overlap
      for (let i = 1; i < layout.runs.length; i++) expect(layout.runs[i]![0]).toBeGreaterThanOrEqual(layout.runs[i - 1]![1]!);
    }
  });

  it('reads the metadata: title, authors, creation date', () => {
    expect(doc.title).toBe('Balkans Report');
    expect(doc.authors).toEqual(['Jane Doe', 'John Smith']);
    expect(doc.published).toBe('2025-03-10');
    expect(doc.url).toBeNull();
  });

  it('prefers XMP dc:title and dc:creator', async () => {
    const { bytes } = await makePdf(1, { title: 'Info Title', author: 'Someone Else', xmp: XMP });
    const d = await extract('x.pdf', bytes);
    expect(d.title).toBe('The XMP Title of Priština');
    expect(d.authors).toEqual(['Ana Petrović', 'Marko Jurić']);
  });

  it('takes the title from the first line of text, then the file name', async () => {
    const { bytes } = await makePdf(1);
    expect((await extract('x.pdf', bytes)).title).toBe('Chapter 1: Priština');
    const junk = await makePdf(1, { title: 'Microsoft Word - draft.docx' });
    expect((await extract('x.pdf', junk.bytes)).title).toBe('Chapter 1: Priština');
    const blank = await PDFDocument.create();
    blank.addPage();
    expect((await extract('/tmp/Scan 0042.pdf', await blank.save())).title).toBe('Scan 0042');
  });

  it('imports a PDF without a text layer, with a note', async () => {
    const pdf = await PDFDocument.create();
    const png = await pdf.embedPng(PNG);
    pdf.addPage([300, 300]).drawImage(png, { x: 0, y: 0, width: 300, height: 300 });
    pdf.addPage([300, 300]);
    const d = await extract('scan.pdf', await pdf.save());
    expect(d.text).toBe('');
    expect(d.note).toBe(NO_TEXT_LAYER_NOTE);
    expect(d.pages).toBe(2);
    expect(d.pageStarts).toEqual([0, 0]);
    expect(d.layout!.map((l) => l.runs.length)).toEqual([0, 0]);
    expect(d.title).toBe('scan');
  });

  it('rejects truncated PDFs with a message a person understands', async () => {
    for (const fraction of [0.2, 0.5, 0.8, 0.95]) {
      const cut = three.bytes.slice(0, Math.floor(three.bytes.length * fraction));
      const err = await extract('cut.pdf', cut).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ExtractError);
      expect((err as Error).message).toBe('the PDF is damaged or truncated');
    }
  });

  it('rejects files that are not PDFs, and empty ones', async () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251);
    await expect(extract('garbage.pdf', garbage)).rejects.toThrow('the file is not a PDF (it does not start like one)');
    await expect(extract('page.pdf', new TextEncoder().encode('<html><body>not a pdf</body></html>'))).rejects.toThrow(/not a PDF/);
    const headerOnly = new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...garbage]);
    await expect(extract('broken.pdf', headerOnly)).rejects.toThrow('the PDF is damaged or truncated');
    await expect(extract('empty.pdf', new Uint8Array(0))).rejects.toThrow('the file is empty');
    await expect(extractPdfChunk(new Uint8Array(0), 1, 1)).rejects.toThrow(ExtractError);
  });

  it('rejects a PDF that needs a password, and reads one with only an owner password', async () => {
    await expect(extract('locked.pdf', fixture('encrypted-password.pdf'))).rejects.toThrow('the PDF is protected by a password');
    const d = await extract('owner.pdf', fixture('encrypted-no-user-password.pdf'));
    expect(d.text).toBe('Secret text of the memo.');
    expect(d.title).toBe('Confidential Memo');
  });

  it('imports PDFs encrypted with an empty user password (AES-256, RC4) as if they were not', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pith-pdf-enc-'));
    try {
      const plain = path.join(dir, 'plain.pdf');
      writeFileSync(plain, three.bytes);
      for (const keys of [['256'], ['128', '--use-aes=n']]) {
        const out = path.join(dir, `enc-${keys[0]}.pdf`);
        const r = spawnSync('qpdf', ['--allow-weak-crypto', '--encrypt', '', 'owner-secret', ...keys, '--', plain, out], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        const d = await extract('enc.pdf', readFileSync(out));
        expect(d.text).toBe(doc.text);
        expect(d.title).toBe('Balkans Report');
        expect(d.layout).toEqual(doc.layout);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a Node Buffer and leaves the caller’s bytes intact', async () => {
    const buf = Buffer.from(three.bytes);
    const copy = Buffer.from(buf);
    const d = await extract('buf.pdf', buf);
    expect(d.text).toBe(doc.text);
    expect(buf.byteLength).toBe(copy.byteLength);
    expect(buf.equals(copy)).toBe(true);
    // the same bytes can be used again (they were copied into PDFium's heap, not taken)
    expect((await extract('again.pdf', three.bytes)).text).toBe(doc.text);
  });

  it('extracts page ranges that assemble to the same document, in any order', async () => {
    const c1 = await extractPdfChunk(three.bytes, 1, 1);
    const c2 = await extractPdfChunk(three.bytes, 2, 99); // clamped to the page count
    expect(c1.numPages).toBe(3);
    expect(c1.pages.map((p) => p.page)).toEqual([1]);
    expect(c2.pages.map((p) => p.page)).toEqual([2, 3]);
    expect(c2.info.title).toBe('Balkans Report');
    // chunk runs are relative to their page's text
    const p2 = c2.pages[0]!;
    expect(p2.runs[0]![0]).toBe(0);
    expect(p2.text.slice(p2.runs[0]![0], p2.runs.at(-1)![1])).toMatch(/^Chapter 2: Priština\n[^]*Split line$/);
    // assemblePdf uses its chunks up (runs shifted in place): each call gets its own copies
    expect(assemblePdf(structuredClone([c2, c1]), 'report.pdf')).toEqual(doc);
    expect(assemblePdf(structuredClone([c1, c2]), 'report.pdf')).toEqual(doc);
    // packed for the trip from a worker (two transferable buffers) and back: the same chunk
    const { packed, transfer } = packPdfChunk(c2);
    expect(transfer).toHaveLength(2);
    expect(unpackPdfChunk(structuredClone(packed, { transfer }))).toEqual(c2);
    const past = await extractPdfChunk(three.bytes, 5, Infinity);
    expect(past.pages).toEqual([]);
  });

  it('extracts equal shares of the pages that assemble to the same document, even past the page count', async () => {
    const halves = await Promise.all([0, 1].map((part) => extractPdfPart(three.bytes, part, 2)));
    expect(halves.map((c) => c.pages.map((p) => p.page))).toEqual([[1], [2, 3]]);
    expect(assemblePdf(halves, 'report.pdf')).toEqual(doc);
    const fifths = await Promise.all([0, 1, 2, 3, 4].map((part) => extractPdfPart(three.bytes, part, 5)));
    expect(fifths.flatMap((c) => c.pages.map((p) => p.page))).toEqual([1, 2, 3]);
    expect(assemblePdf(fifths.reverse(), 'report.pdf')).toEqual(doc);
  });

  /** Extract in a worker thread (PDFium is loaded there, once per thread). */
  async function extractInWorker(bytes: Uint8Array) {
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      import('tsx/esm/api')
        .then(async ({ register }) => {
          register();
          const { extract } = await import(workerData.entry);
          const doc = await extract('w.pdf', workerData.bytes);
          parentPort.postMessage({ doc });
        })
        .catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));`;
    return new Promise<{ doc?: Extracted; error?: string }>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { entry: new URL('./index.ts', import.meta.url).href, bytes } });
      w.once('message', (m) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
    });
  }

  it('works inside a worker thread', async () => {
    const result = await extractInWorker(three.bytes);
    expect(result.error).toBeUndefined();
    expect(result.doc).toEqual(doc);
  }, 60_000);

  it('reads every page of a long flat page tree, in ranges too', async () => {
    const { bytes } = await makePdf(70, { title: 'Long' });
    const whole = await extract('long.pdf', bytes);
    for (let n = 1; n <= 70; n++) {
      expect(whole.text.slice(whole.pageStarts![n - 1]).startsWith(`Chapter ${n}: `)).toBe(true);
    }
    const chunk = await extractPdfChunk(bytes, 60, 70);
    expect(chunk.pages.map((p) => p.text.split('\n')[0])).toEqual(Array.from({ length: 11 }, (_, i) => `Chapter ${60 + i}: Priština`));
  }, 60_000);

  it('does not take the title from a running header', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let n = 1; n <= 4; n++) {
      const page = pdf.addPage([612, 792]);
      // a journal's header, its page number on the outer side
      page.drawText(n % 2 ? `TUGboat, Volume 30 (2009), No. 1 ${n + 6}` : `${n + 6} TUGboat, Volume 30 (2009), No. 1`, { x: 72, y: 750, size: 9, font });
      if (n === 1) page.drawText('Typesetting Balkan Place Names', { x: 72, y: 700, size: 18, font });
      page.drawText(`Body text of page ${n}, which goes on.`, { x: 72, y: 660, size: 11, font });
    }
    expect((await extract('tug.pdf', await pdf.save())).title).toBe('Typesetting Balkan Place Names');
    // a line that opens only the first page is not a running header
    const { bytes } = await makePdf(4);
    expect((await extract('x.pdf', bytes)).title).toBe('Chapter 1: Priština');
  });
});
