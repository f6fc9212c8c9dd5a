import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractError } from './errors.ts';
import { GLYPH_GENERATED, GLYPH_HYPHEN, type PageGlyphs } from './pdf-glyphs.ts';
import { closeDocument, loadPdfium, metaText, openDocument, pageLabel, readPageGlyphs, setEngineMemoryLimit, withDocument } from './pdfium.ts';

const R_EXTS = '/usr/share/R/doc/manual/R-exts.pdf';
const rExts = new Uint8Array(readFileSync(R_EXTS));
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pith-pdfium-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The characters of a page as a string, generated ones included (what PDFium's text page holds). */
const chars = (g: PageGlyphs): string => Array.from(g.unicode, (u) => String.fromCodePoint(u)).join('');

/** R-exts.pdf encrypted by qpdf with an empty user password and the given key options. */
function encrypted(name: string, ...keyArgs: string[]): Uint8Array {
  const out = path.join(tmp, name);
  // RC4 is refused unless asked for: publishers' old PDFs still use it.
  const r = spawnSync('qpdf', ['--allow-weak-crypto', '--encrypt', '', 'owner-secret', ...keyArgs, '--', R_EXTS, out]);
  expect(r.status, String(r.stderr) + String(r.stdout)).toBe(0);
  return new Uint8Array(readFileSync(out));
}

describe('pdfium', () => {
  it('opens a real manual: page count, metadata, page labels', async () => {
    await withDocument(rExts, (doc) => {
      expect(doc.numPages).toBe(236);
      expect(metaText(doc, 'CreationDate')).toMatch(/^D:\d{14}/);
      expect(metaText(doc, 'NoSuchKey')).toBeNull();
      // roman-numbered front matter, then arabic from the first chapter
      expect(pageLabel(doc, 2)).toBe('i');
      expect(pageLabel(doc, 10)).toBe('4');
    });
  });

  it('reads a page’s characters with boxes, origins, sizes and flags', async () => {
    await withDocument(rExts, (doc) => {
      const g = readPageGlyphs(doc, 10);
      expect(g.page).toBe(11);
      expect(g.width).toBeCloseTo(612, 0);
      expect(g.height).toBeCloseTo(792, 0);
      expect(g.rotation).toBe(0);
      expect(g.count).toBeGreaterThan(2000);
      for (const a of [g.unicode, g.fontSize, g.angle, g.flags]) expect(a.length).toBe(g.count);
      expect(g.box.length).toBe(g.count * 4);
      expect(g.origin.length).toBe(g.count * 2);
      expect(chars(g)).toContain('The DESCRIPTION and INDEX files are described');
      let drawn = 0;
      let generated = 0;
      for (let i = 0; i < g.count; i++) {
        if (g.flags[i]! & GLYPH_GENERATED) {
          generated++;
          expect([32, 13, 10]).toContain(g.unicode[i]);
          continue;
        }
        if (g.unicode[i] === 32) continue;
        drawn++;
        const [l, b, r, t] = [g.box[i * 4]!, g.box[i * 4 + 1]!, g.box[i * 4 + 2]!, g.box[i * 4 + 3]!];
        expect(l).toBeLessThanOrEqual(r);
        expect(b).toBeLessThanOrEqual(t);
        expect(l).toBeGreaterThanOrEqual(0);
        expect(t).toBeLessThanOrEqual(g.height);
        // the origin sits at the glyph's left, on a baseline near the box
        expect(Math.abs(g.origin[i * 2]! - l)).toBeLessThan(g.fontSize[i]!);
        expect(g.origin[i * 2 + 1]!).toBeGreaterThan(b - g.fontSize[i]!);
        expect(g.fontSize[i]!).toBeGreaterThan(4);
        expect(g.angle[i]).toBe(0);
      }
      expect(drawn).toBeGreaterThan(2000);
      expect(generated).toBeGreaterThan(30);
    });
  });

  it('flags the hyphens that end lines', async () => {
    await withDocument(rExts, (doc) => {
      let hyphens = 0;
      for (let p = 0; p < 40; p++) {
        const g = readPageGlyphs(doc, p);
        for (let i = 0; i < g.count; i++) if (g.flags[i]! & GLYPH_HYPHEN) hyphens++;
      }
      expect(hyphens).toBeGreaterThan(5);
    });
  });

  it('places the characters of a generated page where they were drawn, on a rotated page too', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.setTitle('Glyph test');
    pdf.setAuthor('Ana Kovač');
    const page = pdf.addPage([500, 400]);
    page.drawText('Hello', { x: 50, y: 300, size: 20, font });
    const turned = pdf.addPage([500, 400]);
    turned.setRotation(degrees(90));
    turned.drawText('Up', { x: 100, y: 100, size: 10, font, rotate: degrees(90) });
    const bytes = await pdf.save();
    await withDocument(bytes, (doc) => {
      expect(metaText(doc, 'Title')).toBe('Glyph test');
      expect(metaText(doc, 'Author')).toBe('Ana Kovač');
      expect(pageLabel(doc, 0)).toBeNull();
      const g = readPageGlyphs(doc, 0);
      expect(chars(g)).toBe('Hello');
      expect(g.origin[0]).toBeCloseTo(50, 1);
      expect(g.origin[1]).toBeCloseTo(300, 1);
      expect(g.fontSize[0]).toBeCloseTo(20, 1);
      // each glyph starts where the previous one's advance ends: H is 0.722 em wide in Helvetica
      expect(g.origin[2]! - g.origin[0]!).toBeCloseTo(0.722 * 20, 1);
      const r = readPageGlyphs(doc, 1);
      expect(r.rotation).toBe(90);
      expect(r.width).toBe(500); // unrotated user space
      expect(chars(r)).toBe('Up');
      expect(r.angle[0]).toBeCloseTo(Math.PI / 2, 3);
      expect(r.origin[0]).toBeCloseTo(100, 1);
    });
  });

  it('opens PDFs encrypted with an empty user password, AES-256 and RC4, to the same characters', async () => {
    const plain = await withDocument(rExts, (doc) => chars(readPageGlyphs(doc, 20)));
    for (const bytes of [encrypted('aes256.pdf', '256'), encrypted('rc4.pdf', '128', '--use-aes=n'), fixture('encrypted-no-user-password.pdf')]) {
      await withDocument(bytes, (doc) => {
        if (doc.numPages === 236) expect(chars(readPageGlyphs(doc, 20))).toBe(plain);
        else expect(chars(readPageGlyphs(doc, 0))).toContain('Secret text');
      });
    }
  });

  it('says in one sentence why a file cannot be opened', async () => {
    const why = (bytes: Uint8Array) => openDocument(bytes).then(() => 'opened', (e: unknown) => (e instanceof ExtractError ? e.message : `other: ${e}`));
    expect(await why(fixture('encrypted-password.pdf'))).toBe('the PDF is protected by a password');
    expect(await why(new Uint8Array(0))).toBe('the file is empty');
    expect(await why(new TextEncoder().encode('<html>not a pdf</html>'))).toBe('the file is not a PDF (it does not start like one)');
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251);
    expect(await why(new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...garbage]))).toBe('the PDF is damaged or truncated');
    expect(await why(rExts.slice(0, 2000))).toBe('the PDF is damaged or truncated');
    // a user password PDFium's handlers do not know (/Filter /Unknown) is a security handler
    const alien = new TextDecoder('latin1').decode(fixture('encrypted-password.pdf')).replace('/Filter /Standard', '/Filter /Alienxx');
    expect(alien).toContain('/Filter /Alienxx');
    expect(await why(Uint8Array.from(alien, (c) => c.charCodeAt(0)))).toBe('the PDF is protected by a security handler Pith cannot open');
  });

  it('gives up an engine that trapped: the file fails as damaged, the next one reads on a fresh engine', async () => {
    const { extractPdfChunk } = await import('./pdf.ts');
    const engine = await loadPdfium();
    const real = engine.x;
    let calls = 0;
    // A trap inside PDFium (an assertion, an out-of-bounds access) surfaces as a RuntimeError.
    // (The exports object is frozen: the engine gets a copy with one function replaced.)
    (engine as { x: typeof real }).x = {
      ...real,
      FPDFText_LoadPage: (page: number) => {
        if (++calls === 3) throw new WebAssembly.RuntimeError('unreachable');
        return real.FPDFText_LoadPage(page);
      },
    };
    try {
      await expect(extractPdfChunk(rExts, 1, 5)).rejects.toThrow(new ExtractError('the PDF is damaged or truncated'));
    } finally {
      (engine as { x: typeof real }).x = real;
    }
    const fresh = await loadPdfium();
    expect(fresh).not.toBe(engine);
    const chunk = await extractPdfChunk(rExts, 1, 5);
    expect(chunk.pages.map((p) => p.page)).toEqual([1, 2, 3, 4, 5]);
    expect(chunk.failed).toBeUndefined();
  });

  it('holds PDFium’s heap (outside the JS heap limit) to the memory limit, then starts afresh', async () => {
    const { extractPdfChunk } = await import('./pdf.ts');
    const engine = await loadPdfium();
    const mb = Math.ceil(engine.x.memory.buffer.byteLength / 1024 / 1024);
    setEngineMemoryLimit(mb - 1); // already past it: the first page read trips it
    try {
      await expect(extractPdfChunk(rExts, 1, 3)).rejects.toThrow(new ExtractError(`it needs more than ${mb - 1} MB of memory to read`));
    } finally {
      setEngineMemoryLimit(null);
    }
    expect(await loadPdfium()).not.toBe(engine);
    expect((await extractPdfChunk(rExts, 1, 3)).pages).toHaveLength(3);
  });

  it('frees what it allocates: opening and closing again and again does not grow the heap', async () => {
    const { x } = await loadPdfium();
    const once = async () => {
      const doc = await openDocument(rExts);
      for (let p = 0; p < 5; p++) readPageGlyphs(doc, p);
      closeDocument(doc);
      closeDocument(doc); // twice is harmless
    };
    await once();
    await once();
    const before = x.memory.buffer.byteLength;
    for (let i = 0; i < 8; i++) await once();
    expect(x.memory.buffer.byteLength).toBe(before);
    // the caller's bytes are untouched
    expect(Buffer.from(rExts).equals(readFileSync(R_EXTS))).toBe(true);
  });
});
