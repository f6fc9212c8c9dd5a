// pdf-lib's parser notices ("Trying to parse invalid object") stay off stderr when an export
// reads a damaged PDF; other warnings and real errors still come through.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { addAnnotation, addDocument, makeArchive, makePdf, tempDir } from './test-fixtures.ts';
import { heldPdfLibNotices, quietPdfLib } from './quiet-pdf-lib.ts';
import { PDFDocument } from 'pdf-lib';

const root = path.resolve(import.meta.dirname, '../..');
const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

/** A PDF with one object pdf-lib must repair: it prints its two notices while parsing. */
async function damagedPdf() {
  const made = await makePdf([['A page about the security vacuum in the region.']], { objectStreams: false });
  const s = Buffer.from(made.bytes).toString('latin1');
  const at = s.indexOf('1 0 obj');
  const bytes = Buffer.from(`${s.slice(0, at)}77 0 obj\n<< /A [1 2 >> ]] }\nendobj\n${s.slice(at)}`, 'latin1');
  return { ...made, bytes: new Uint8Array(bytes) };
}

describe('quietPdfLib', () => {
  it('holds back pdf-lib’s parser notices, and only those', async () => {
    const { bytes } = await damagedPdf();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const before = heldPdfLibNotices();
      await quietPdfLib(async () => {
        const loading = PDFDocument.load(bytes);
        console.warn('a warning of someone else');
        return loading;
      });
      expect(heldPdfLibNotices() - before).toBe(2);
      expect(warn.mock.calls).toEqual([['a warning of someone else']]);
      // Restored afterwards: pdf-lib's notices outside are left alone.
      await PDFDocument.load(bytes);
      expect(warn.mock.calls.some((c) => String(c[0]).startsWith('Trying to parse invalid object'))).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });

  it('lets errors through', async () => {
    await expect(quietPdfLib(() => PDFDocument.load(new Uint8Array([1, 2, 3])))).rejects.toThrow();
  });
});

describe('pith export of a damaged PDF', () => {
  it('writes the annotated PDF and prints none of pdf-lib’s notices', async () => {
    const { dir, db } = makeArchive();
    const work = tempDir('pith-quiet-');
    cleanup.push(dir, work);
    const pdf = await damagedPdf();
    const doc = addDocument(db, dir, { title: 'Damaged', kind: 'pdf', body: pdf.body, original: pdf.bytes, pageStarts: pdf.pageStarts, layouts: pdf.layouts });
    addAnnotation(db, doc.id, { quote: 'security vacuum' });
    db.close();
    const out = path.join(work, 'damaged.pdf');
    const all = spawnSync(process.execPath, [path.join(root, 'bin/pith.js'), '--archive', dir, 'export', '--format', 'pdf', '--out', out], { encoding: 'utf8' });
    expect(all.stderr).not.toMatch(/Trying to parse invalid object|Invalid object ref/);
    expect(all.status, all.stderr).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
