// Annotations already inside a PDF (a highlight and a note made with PyMuPDF, another reader):
// read by PDFium at extraction and kept by the importer in pdf_annotations (migration 7).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pith } from '../pith.ts';
import { tempDir } from '../export/test-fixtures.ts';
import { getPdfAnnotations } from '../../db/pdf-annotations.ts';
import { extract } from './extract/index.ts';

const MAKE = `
import fitz, sys
d = fitz.open()
p = d.new_page(width=612, height=792)
p.insert_text((72, 700), "The alliance will not allow a security vacuum.", fontsize=12)
p.insert_text((72, 680), "Talks continued in Sarajevo.", fontsize=12)
h = p.add_highlight_annot(p.search_for("security vacuum", quads=True))
h.set_colors(stroke=(1, 0.8, 0))
h.set_info(content="Key claim", title="Ana Kovač", modDate="D:20250310120000Z")
h.update()
n = p.add_text_annot((400, 690), "Check the date against the minutes.")
n.set_info(title="Marko Jurić")
n.update()
p.insert_link({"kind": fitz.LINK_URI, "from": fitz.Rect(72, 600, 200, 620), "uri": "https://example.org"})
d.new_page(width=612, height=792).insert_text((72, 700), "A second page without annotations.", fontsize=12)
d.save(sys.argv[1])
`;

let dir: string;
let file: string;
beforeAll(() => {
  dir = tempDir();
  file = path.join(dir, 'annotated.pdf');
  const r = spawnSync('/usr/bin/python3', ['-c', MAKE, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PyMuPDF (python3-fitz) is needed for this test: ${r.stderr}`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('annotations already in a PDF', () => {
  it('are read with their kind, place, quads, text, author, colour and date; links are not', async () => {
    const doc = await extract('annotated.pdf', fs.readFileSync(file));
    const annots = doc.pdfAnnotations!;
    expect(annots.map((a) => a.subtype)).toEqual(['Highlight', 'Text']);
    const [h, n] = annots as [NonNullable<typeof annots>[0], NonNullable<typeof annots>[0]];
    expect(h).toMatchObject({ page: 1, contents: 'Key claim', author: 'Ana Kovač', color: '#ffcc00', modified: 'D:20250310120000Z' });
    expect(h.quads).toHaveLength(1);
    // The quad covers "security vacuum" on the first line (baseline 792 - 700 = 92 in PDF space).
    const q = h.quads[0]!;
    const xs = [q[0]!, q[2]!, q[4]!, q[6]!];
    const ys = [q[1]!, q[3]!, q[5]!, q[7]!];
    const start = doc.text.indexOf('security vacuum');
    const run = doc.layout![0]!.runs.find((r) => r[0]! <= start && start < r[1]!)!;
    expect(Math.min(...ys)).toBeLessThan(run[3]! + 1);
    expect(Math.max(...ys)).toBeGreaterThan(run[3]! + 6);
    // …from where "security" starts (its run's x, or the glyph edge inside the run)
    const x = run[0] === start ? run[2]! : run[2]! + run[6 + start - run[0]! - 1]!;
    expect(Math.abs(Math.min(...xs) - x)).toBeLessThan(1.5);
    // the rectangle holds the quads (writers pad it a little)
    expect(h.rect[0]).toBeLessThanOrEqual(Math.min(...xs));
    expect(h.rect[2]).toBeGreaterThanOrEqual(Math.max(...xs));
    expect(h.rect[1]).toBeLessThanOrEqual(Math.min(...ys));
    expect(h.rect[3]).toBeGreaterThanOrEqual(Math.max(...ys));
    expect(n).toMatchObject({ page: 1, contents: 'Check the date against the minutes.', author: 'Marko Jurić', quads: [] });
    expect(n.rect[2]).toBeGreaterThan(n.rect[0]);
  });

  it('are kept by the importer, with the document in the archive', async () => {
    const archive = path.join(dir, 'archive');
    const pith = Pith.open(archive);
    let uuid: string;
    try {
      const report = await pith.importPaths({ paths: [file] });
      expect(report.results[0]).toMatchObject({ status: 'imported' });
      uuid = report.results[0]!.documentId!;
    } finally {
      await pith.close();
    }
    const db = new Database(path.join(archive, 'pith.db'), { readonly: true });
    try {
      const { id } = db.prepare('SELECT id FROM documents WHERE uuid = ?').get(uuid) as { id: number };
      const rows = getPdfAnnotations(db, id);
      expect(rows.map((r) => [r.page, r.subtype, r.author])).toEqual([
        [1, 'Highlight', 'Ana Kovač'],
        [1, 'Text', 'Marko Jurić'],
      ]);
      expect(JSON.parse(rows[0]!.quads)).toHaveLength(1);
      expect(JSON.parse(rows[0]!.rect)).toHaveLength(4);
      expect(rows[0]!.color).toBe('#ffcc00');
    } finally {
      db.close();
    }
  }, 60_000);
});
