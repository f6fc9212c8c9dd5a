// The upgrade of PDFs imported before glyph edges: a real manual imported and annotated, its pages
// taken back to what an older Pith stored (JSON runs without edges, highlights placed on them by
// interpolation), then the archive opened again: the pages are read anew, the runs get their
// edges, and every highlight is placed on the glyphs, its text found again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blobPath } from '../../db/blobs.ts';
import { getPageLayouts, pdfDocumentsWithoutGlyphEdges } from '../../db/documents.ts';
import { PdfTextMap } from '../anchoring/pdf-quads.ts';
import { Pith } from '../pith.ts';

const R_INTRO = '/usr/share/R/doc/manual/R-intro.pdf';
const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) fs.rmSync(f, { recursive: true, force: true });
});

interface Old {
  dir: string;
  id: string;
  rowId: number;
  sha256: string;
  text: string;
  /** The quads each annotation had, placed by interpolation on runs without edges. */
  quads: Map<string, string>;
}

/** R-intro imported and annotated as an archive of an older Pith would hold it; `edit` changes the stored text first. */
async function oldArchive(edit?: (body: string) => string): Promise<Old> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-pdf-upgrade-'));
  folders.push(dir);
  const pith = Pith.open(dir, { upgrade: false });
  const id = (await pith.importPaths({ paths: [R_INTRO] })).results[0]!.documentId!;
  const { id: rowId, sha256, body } = pith.db.prepare('SELECT id, sha256, body FROM documents WHERE uuid = ?').get(id) as { id: number; sha256: string; body: string };
  const write = pith.db.prepare('UPDATE pdf_pages SET runs = ? WHERE document_id = ? AND page = ?');
  for (const p of getPageLayouts(pith.db, rowId)) write.run(JSON.stringify(p.runs.map((r) => r.slice(0, 6))), rowId, p.page);
  const text = edit ? edit(body) : body;
  if (text !== body) pith.db.prepare('UPDATE documents SET body = ? WHERE id = ?').run(text, rowId);
  // Quotes starting and ending inside words, on pages through the manual.
  for (const f of [0.12, 0.3, 0.45, 0.6, 0.75, 0.9]) {
    const start = text.indexOf(' ', Math.floor(text.length * f)) + 3;
    await pith.addAnnotation({ documentId: id, position: { start, end: start + 40 } });
  }
  const quads = new Map((pith.db.prepare('SELECT uuid, quads FROM annotations').all() as { uuid: string; quads: string }[]).map((a) => [a.uuid, a.quads]));
  await pith.close();
  return { dir, id, rowId, sha256, text, quads };
}

describe.skipIf(!fs.existsSync(R_INTRO))('upgrading PDFs imported before glyph edges', () => {
  it('reads the pages again, gives the runs their edges and places every highlight on the glyphs', async () => {
    const old = await oldArchive();
    const pith = Pith.open(old.dir);
    const report = (await pith.upgradedPdfs)!;
    expect(report).toEqual({ documents: 1, textChanged: 0, annotations: { exact: 6, fuzzy: 0, orphaned: 0 }, skipped: [] });
    const layouts = getPageLayouts(pith.db, old.rowId);
    expect(layouts.some((p) => p.runs.some((r) => r.length > 6))).toBe(true);
    expect(pith.db.prepare('SELECT DISTINCT typeof(runs) AS t FROM pdf_pages').all()).toEqual([{ t: 'blob' }]);
    const map = new PdfTextMap(layouts);
    const { annotations } = await pith.listAnnotations({ documentId: old.id });
    let moved = 0;
    for (const a of annotations) {
      const stored = pith.db.prepare('SELECT quads FROM annotations WHERE uuid = ?').get(a.id) as { quads: string };
      expect(JSON.parse(stored.quads)).toEqual(map.place(a.position!.start, a.position!.end).quads);
      if (stored.quads !== old.quads.get(a.id)) moved += 1;
    }
    expect(moved, 'highlights placed by interpolation moved onto the glyphs').toBeGreaterThan(0);
    await pith.close();

    const again = Pith.open(old.dir);
    expect((await again.upgradedPdfs)!.documents).toBe(0);
    await again.close();
  }, 120_000);

  it('takes the text as read now where it differs, and finds the annotations in it again', async () => {
    // The older reading had a word the engine reads differently now (same length: offsets stay).
    const old = await oldArchive((body) => body.replace('statistical', 'zzzzzzzzzzz'));
    expect(old.text).toContain('zzzzzzzzzzz');
    const pith = Pith.open(old.dir);
    const report = (await pith.upgradedPdfs)!;
    expect(report).toMatchObject({ documents: 1, textChanged: 1, skipped: [] });
    expect(report.annotations.orphaned).toBe(0);
    const doc = await pith.getDocument({ id: old.id });
    expect(doc.text).not.toContain('zzzzzzzzzzz');
    expect(doc.annotations.every((a) => a.anchor !== 'orphaned' && doc.text.slice(a.position!.start, a.position!.end) === a.quote!.exact)).toBe(true);
    expect((await pith.search({ query: 'zzzzzzzzzzz' })).total).toBe(0);
    expect((await pith.search({ query: 'statistical' })).hits.some((h) => h.documentId === old.id)).toBe(true);
    await pith.close();
  }, 120_000);

  it('keeps the runs of a PDF whose original is gone, stored compactly, and does not try again', async () => {
    const old = await oldArchive();
    fs.rmSync(blobPath(old.dir, old.sha256));
    const pith = Pith.open(old.dir);
    const report = (await pith.upgradedPdfs)!;
    expect(report.documents).toBe(0);
    expect(report.skipped).toEqual([{ id: old.id, reason: 'the original is missing from the archive' }]);
    expect(pdfDocumentsWithoutGlyphEdges(pith.db, 0, 10)).toEqual([]);
    const layouts = getPageLayouts(pith.db, old.rowId);
    expect(layouts.every((p) => p.runs.every((r) => r.length === 6))).toBe(true);
    const stored = pith.db.prepare('SELECT quads FROM annotations').all() as { quads: string }[];
    expect(new Set(stored.map((s) => s.quads))).toEqual(new Set(old.quads.values()));
    await pith.close();
  }, 120_000);
});
