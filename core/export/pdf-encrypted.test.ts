// Encrypted PDFs that open without a password (RC4 40 and 128 bit, AES-128, AES-256), made with
// qpdf from a generated PDF and from a real manual, annotated and exported, then read back by
// references we did not write: qpdf (--check, --show-encryption: the same encryption and
// permissions), PyMuPDF (the text under every highlight's quads, each annotation's contents)
// and mutool (renders the pages without a complaint).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../types.ts';
import type { ExportDocument, PdfQuad } from './model.ts';
import { annotatePdf } from './pdf-annotate.ts';
import { fitzHighlights, HAVE_FITZ, PYTHON } from './test-fitz.ts';
import { exportAnnotations } from './export.ts';
import { addAnnotation, addDocument, hasTool, makeArchive, makePdf, run, tempDir } from './test-fixtures.ts';

const dir = tempDir('pith-encrypted-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HAVE = HAVE_FITZ && hasTool('qpdf') && hasTool('mutool');
if (!HAVE) console.warn('skipped: the encrypted-PDF checks need qpdf, mutool and PyMuPDF (apt-get install qpdf mupdf-tools python3-fitz)');

const R_INTRO = '/usr/share/R/doc/manual/R-intro.pdf';

/** PyMuPDF: where a phrase is on a page of the (plain) PDF, as quads in PDF user space. */
function fitzQuads(file: string, page: number, phrase: string): PdfQuad[] {
  const script = `
import fitz, sys, json
d = fitz.open(sys.argv[1]); p = d[int(sys.argv[2]) - 1]; h = p.rect.height
out = []
for q in p.search_for(sys.argv[3], quads=True):
    r = q.rect
    out.append({"x1": r.x0, "y1": h - r.y1, "x2": r.x1, "y2": h - r.y0})
print(json.dumps(out))`;
  const r = spawnSync(PYTHON, ['-c', script, file, String(page), phrase], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as Omit<PdfQuad, 'page'>[]).map((q) => ({ page, ...q }));
}

/** mutool (MuPDF's own script runner) reading an exported PDF: its highlights' pages, contents, authors. */
function mutoolHighlights(file: string): { page: number; contents: string; author: string }[] {
  const script = path.join(dir, 'highlights.js');
  fs.writeFileSync(
    script,
    `var doc = new PDFDocument(scriptArgs[0]); var out = [];
for (var i = 0; i < doc.countPages(); i++) {
  var annots = doc.loadPage(i).getAnnotations();
  for (var k = 0; k < annots.length; k++)
    if (annots[k].getType() == "Highlight") out.push({ page: i + 1, contents: annots[k].getContents(), author: annots[k].getAuthor() });
}
print(JSON.stringify(out));`,
  );
  return JSON.parse(run('mutool', ['run', script, file])) as { page: number; contents: string; author: string }[];
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function encryption(file: string): string {
  // The lines that describe the encryption and the permissions, not the file's key.
  return run('qpdf', ['--show-encryption', file])
    .split('\n')
    .filter((l) => !/key/i.test(l))
    .join('\n');
}

let n = 0;
function highlight(doc: ExportDocument, quote: string, quads: PdfQuad[], comment: string): Annotation & { quads: PdfQuad[] } {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    documentId: doc.id,
    parentId: null,
    kind: 'highlight',
    suggested: false,
    color: 'yellow',
    quote: { exact: quote, prefix: '', suffix: '' },
    position: { start: 0, end: quote.length },
    page: quads[0]!.page,
    text: null,
    comment,
    tags: [],
    anchor: 'exact',
    created: '2025-03-12T10:00:00.000Z',
    updated: '2025-03-13T08:30:00.000Z',
    quads,
  };
}

function pdfDoc(): ExportDocument {
  return {
    id: '6c1e9a3e-5b1a-4c4e-9a52-0f6d7c1d2e3f',
    title: 'Encrypted',
    authors: [],
    published: null,
    source: { path: null, url: null },
    kind: 'pdf',
    mime: 'application/pdf',
    pages: null,
    pageStarts: null,
    pageLabels: null,
    importedAt: '2025-03-12T09:00:00.000Z',
    updated: '2025-03-12T09:00:00.000Z',
    note: null,
    sha256: 'a'.repeat(64),
    tags: [],
    text: '',
    annotations: [],
  };
}

const CIPHERS: [string, string[]][] = [
  ['RC4 40-bit', ['--allow-weak-crypto', '--encrypt', '', 'owner', '40', '--']],
  ['RC4 128-bit', ['--allow-weak-crypto', '--encrypt', '', 'owner', '128', '--use-aes=n', '--']],
  ['AES-128', ['--encrypt', '', 'owner', '128', '--use-aes=y', '--']],
  // Metadata in the clear changes the RC4/AES-128 key (Algorithm 2, step f).
  ['AES-128, metadata in the clear', ['--encrypt', '', 'owner', '128', '--use-aes=y', '--cleartext-metadata', '--']],
  ['AES-256', ['--encrypt', '', 'owner', '256', '--print=none', '--modify=none', '--']],
];

async function sources(): Promise<{ name: string; file: string; phrases: [number, string][] }[]> {
  const made = await makePdf(
    [
      ['NATO Secretary General Mark Rutte visited Sarajevo.', 'The Dayton Peace Agreement is the cornerstone.'],
      ['NATO will not allow a security vacuum to emerge.', 'KFOR remains the longest NATO mission.'],
    ],
    { objectStreams: true },
  );
  const generated = path.join(dir, 'generated.pdf');
  fs.writeFileSync(generated, made.bytes);
  const list = [{ name: 'a generated PDF', file: generated, phrases: [[1, 'Dayton Peace Agreement'], [2, 'security vacuum to emerge']] as [number, string][] }];
  if (fs.existsSync(R_INTRO))
    list.push({ name: 'R-intro.pdf', file: R_INTRO, phrases: [[9, 'More details on packages are given later'], [20, 'known as “atomic” structures'], [60, 'R Language Definition']] });
  return list;
}

describe.runIf(HAVE)('annotated copies of encrypted PDFs', async () => {
  for (const source of await sources()) {
    for (const [cipher, args] of CIPHERS) {
      it(`${source.name}, ${cipher}: keeps the encryption, and every highlight covers its quote`, async () => {
        const encrypted = path.join(dir, `${path.basename(source.file, '.pdf')}-${cipher.replace(/\W+/g, '')}.pdf`);
        run('qpdf', [...args, source.file, encrypted]);
        const doc = pdfDoc();
        doc.annotations = source.phrases.map(([page, phrase], i) => {
          const quads = fitzQuads(source.file, page, phrase).slice(0, 1);
          expect(quads, `${phrase} on page ${page}`).toHaveLength(1);
          return highlight(doc, phrase, quads, i === 0 ? 'Београд and Priština, (parens) \\ too' : `Comment ${i}`);
        });
        const original = fs.readFileSync(encrypted);
        const result = await annotatePdf(original, doc, { author: 'Researcher' });
        expect(result).toMatchObject({ highlights: source.phrases.length, unplaced: 0 });
        const out = `${encrypted.slice(0, -4)}-annotated.pdf`;
        fs.writeFileSync(out, result.bytes);

        // Appended: the encrypted original's bytes are a prefix.
        expect(Buffer.from(result.bytes.subarray(0, original.length)).equals(original)).toBe(true);
        expect(run('qpdf', ['--check', out])).toContain('No syntax or stream encoding errors found');
        expect(encryption(out)).toBe(encryption(encrypted));
        expect(encryption(out)).toMatch(/R = [2-6]/);

        const found = fitzHighlights(out);
        expect(found.map((h) => squash(h.text))).toEqual(source.phrases.map(([, phrase]) => phrase));
        expect(found.map((h) => h.page)).toEqual(source.phrases.map(([page]) => page));
        expect(found[0]!.contents).toBe('Београд and Priština, (parens) \\ too');
        expect(found.every((h) => h.author === 'Researcher')).toBe(true);

        expect(mutoolHighlights(out)).toEqual(found.map(({ page, contents, author }) => ({ page, contents, author })));
        const pages = source.phrases.map(([page]) => String(page)).join(',');
        const draw = spawnSync('mutool', ['draw', '-o', path.join(dir, 'page-%d.png'), '-r', '20', out, pages], { encoding: 'utf8' });
        expect(draw.status).toBe(0);
        expect(draw.stderr).not.toMatch(/error/i);
      });
    }
  }

  it('exports through exportAnnotations: the encrypted one written, the locked one reported by name with the reason', async () => {
    const made = await makePdf([['NATO will not allow a security vacuum to emerge.']]);
    const plain = path.join(dir, 'archive-plain.pdf');
    fs.writeFileSync(plain, made.bytes);
    const open = path.join(dir, 'archive-open.pdf');
    const locked = path.join(dir, 'archive-locked.pdf');
    run('qpdf', ['--encrypt', '', 'owner', '256', '--print=low', '--', plain, open]);
    run('qpdf', ['--encrypt', 'secret', 'owner', '256', '--', plain, locked]);
    const { dir: archive, db } = makeArchive();
    const outDir = path.join(dir, 'exports');
    try {
      const quads = fitzQuads(plain, 1, 'security vacuum');
      for (const [title, file] of [['Open', open], ['Locked', locked]] as const) {
        const d = addDocument(db, archive, { title, body: made.body, kind: 'pdf', original: fs.readFileSync(file), pageStarts: made.pageStarts, layouts: made.layouts });
        addAnnotation(db, d.id, { quote: 'security vacuum', page: 1, quads, comment: 'encrypted' });
      }
      const report = await exportAnnotations(db, archive, { format: 'pdf', out: `${outDir}/` });
      expect(report.failed).toEqual([{ document: 'Locked', reason: 'the PDF is encrypted and it needs a password to open, so annotations cannot be added to it' }]);
      expect(report.files.map((f) => path.basename(f))).toEqual(['Open.pdf']);
      const out = report.files[0]!;
      expect(encryption(out)).toBe(encryption(open));
      expect(fitzHighlights(out).map((h) => [squash(h.text), h.contents])).toEqual([['security vacuum', 'encrypted']]);
    } finally {
      db.close();
      fs.rmSync(archive, { recursive: true, force: true });
    }
  });

  it('reads an /Encrypt dictionary written into the trailer itself, and writes it so again', async () => {
    const made = await makePdf([['Trailer with its own encryption dictionary.']], { objectStreams: false });
    const plain = path.join(dir, 'direct-plain.pdf');
    const byRef = path.join(dir, 'direct-ref.pdf');
    fs.writeFileSync(plain, made.bytes);
    run('qpdf', ['--object-streams=disable', '--encrypt', '', 'owner', '256', '--', plain, byRef]);
    // The trailer comes after the cross-reference table: writing the dictionary into it moves no object.
    const bytes = fs.readFileSync(byRef).toString('latin1');
    const [entry, number] = /\/Encrypt (\d+) 0 R/.exec(bytes.slice(bytes.lastIndexOf('trailer')))!;
    const dict = run('qpdf', [`--show-object=${number}`, byRef]).trim();
    const at = bytes.lastIndexOf(entry);
    const direct = path.join(dir, 'direct.pdf');
    fs.writeFileSync(direct, Buffer.from(bytes.slice(0, at) + `/Encrypt ${dict}` + bytes.slice(at + entry.length), 'latin1'));
    expect(run('qpdf', ['--check', direct])).toContain('No syntax or stream encoding errors found');

    const doc = pdfDoc();
    doc.annotations = [highlight(doc, 'own encryption', fitzQuads(plain, 1, 'own encryption'), 'direct')];
    const out = path.join(dir, 'direct-annotated.pdf');
    fs.writeFileSync(out, (await annotatePdf(fs.readFileSync(direct), doc)).bytes);
    expect(run('qpdf', ['--check', out])).toContain('No syntax or stream encoding errors found');
    expect(encryption(out)).toBe(encryption(direct));
    expect(fitzHighlights(out).map((h) => [squash(h.text), h.contents])).toEqual([['own encryption', 'direct']]);
  });

  it('says why when an encrypted PDF needs a password', async () => {
    const made = await makePdf([['Locked.']]);
    const plain = path.join(dir, 'locked-plain.pdf');
    const locked = path.join(dir, 'locked.pdf');
    fs.writeFileSync(plain, made.bytes);
    run('qpdf', ['--encrypt', 'secret', 'owner', '256', '--', plain, locked]);
    await expect(annotatePdf(fs.readFileSync(locked), pdfDoc())).rejects.toThrow('the PDF is encrypted and it needs a password to open, so annotations cannot be added to it');
  });
});
