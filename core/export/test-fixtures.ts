// Test helpers for export and backup: temporary archives filled with plain SQL (the same rows
// import and annotate write), PDFs with known text positions, and the third-party tools.
import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openDatabase, type Db } from '../../db/open.ts';
import { storeBlob, sha256Hex } from '../../db/blobs.ts';
import { insertDocument } from '../../db/documents.ts';
import { describeSpan } from '../anchoring/selectors.ts';

export const SAMPLE_TEXT = `NATO Secretary General Mark Rutte concluded a two-day visit to Sarajevo and Pristina, reaffirming the alliance’s unwavering commitment to the stability of Bosnia and Herzegovina.
Key Takeaways
- NATO remains committed to the stability and territorial integrity of Bosnia and Herzegovina.
- NATO will not allow a security vacuum in Bosnia and Herzegovina.
Commitment to Bosnia and Herzegovina
Rutte said NATO and its partners are present and engaged, and "will not allow a security vacuum to emerge." He met officials in Priština and spoke of Београд and Pristina.
`;

export function tempDir(prefix = 'pith-export-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function makeArchive(): { dir: string; db: Db } {
  const dir = tempDir('pith-archive-');
  return { dir, db: openDatabase(dir) };
}

const T0 = '2025-03-12T10:00:00.000Z';

export interface DocOptions {
  title: string;
  body: string;
  kind?: 'pdf' | 'html' | 'md' | 'txt';
  authors?: string[];
  published?: string | null;
  sourcePath?: string | null;
  url?: string | null;
  tags?: string[];
  original?: Uint8Array;
  pageStarts?: number[];
  layouts?: { page: number; width: number; height: number; runs: number[][] }[];
}

export function addDocument(db: Db, dir: string, o: DocOptions): { id: number; uuid: string } {
  const kind = o.kind ?? 'txt';
  const original = o.original ?? new TextEncoder().encode(`${o.title}\n${o.body}\n${crypto.randomUUID()}`);
  const sha = sha256Hex(original);
  storeBlob(dir, sha, original);
  const uuid = crypto.randomUUID();
  const mime = { pdf: 'application/pdf', html: 'text/html', md: 'text/markdown', txt: 'text/plain' }[kind];
  const id = insertDocument(db, {
    uuid,
    title: o.title,
    authors: JSON.stringify(o.authors ?? []),
    published: o.published ?? null,
    source_path: o.sourcePath ?? null,
    source_url: o.url ?? null,
    kind,
    mime,
    sha256: sha,
    size: original.byteLength,
    pages: o.pageStarts ? o.pageStarts.length : null,
    page_starts: o.pageStarts ? JSON.stringify(o.pageStarts) : null,
    body: o.body,
    note: null,
    imported_at: T0,
    created_at: T0,
    updated_at: T0,
  });
  for (const t of o.tags ?? []) db.prepare('INSERT INTO document_tags (document_id, tag_id) VALUES (?, ?)').run(id, tagId(db, t));
  for (const l of o.layouts ?? [])
    db.prepare('INSERT INTO pdf_pages (document_id, page, width, height, runs) VALUES (?, ?, ?, ?, ?)').run(id, l.page, l.width, l.height, JSON.stringify(l.runs));
  return { id, uuid };
}

export function tagId(db: Db, name: string): number {
  const row = db.prepare('SELECT id FROM tags WHERE name = ?').get(name) as { id: number } | undefined;
  if (row) return row.id;
  return Number(
    db.prepare('INSERT INTO tags (uuid, name, color, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(crypto.randomUUID(), name, '#888888', T0, T0)
      .lastInsertRowid,
  );
}

export interface AnnotationOptions {
  kind?: 'highlight' | 'takeaway' | 'note';
  quote?: string;
  occurrence?: number;
  color?: string | null;
  comment?: string | null;
  text?: string | null;
  tags?: string[];
  page?: number | null;
  quads?: { page: number; x1: number; y1: number; x2: number; y2: number }[] | null;
  parent?: number | null;
  suggested?: boolean;
  dismissed?: boolean;
  anchor?: 'exact' | 'fuzzy' | 'orphaned';
}

export function addAnnotation(db: Db, documentId: number, o: AnnotationOptions): { id: number; uuid: string } {
  const body = (db.prepare('SELECT body FROM documents WHERE id = ?').get(documentId) as { body: string }).body;
  let sel: ReturnType<typeof describeSpan> | null = null;
  if (o.quote) {
    let at = -1;
    for (let k = 0; k < (o.occurrence ?? 1); k += 1) at = body.indexOf(o.quote, at + 1);
    if (at < 0) throw new Error(`quote not in body: ${o.quote}`);
    sel = describeSpan(body, at, at + o.quote.length);
  }
  const uuid = crypto.randomUUID();
  const r = db
    .prepare(
      `INSERT INTO annotations (uuid, document_id, parent_id, kind, suggested, dismissed, color, exact, prefix, suffix,
         start, "end", page, quads, text, comment, anchor, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      uuid,
      documentId,
      o.parent ?? null,
      o.kind ?? 'highlight',
      o.suggested ? 1 : 0,
      o.dismissed ? 1 : 0,
      o.color === undefined ? 'yellow' : o.color,
      sel?.quote.exact ?? null,
      sel?.quote.prefix ?? null,
      sel?.quote.suffix ?? null,
      sel?.position.start ?? null,
      sel?.position.end ?? null,
      o.page ?? null,
      o.quads ? JSON.stringify(o.quads) : null,
      o.text ?? null,
      o.comment ?? null,
      sel ? (o.anchor ?? 'exact') : null,
      T0,
      '2025-03-13T08:30:00.000Z',
    );
  const id = Number(r.lastInsertRowid);
  for (const t of o.tags ?? []) db.prepare('INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)').run(id, tagId(db, t));
  return { id, uuid };
}

/**
 * A PDF with `pages` pages of Helvetica text lines (size 12) at known places, and the document
 * text and page layout import would store for it: one run per line.
 */
export async function makePdf(pages: string[][], options: { objectStreams?: boolean } = {}): Promise<{
  bytes: Uint8Array;
  body: string;
  pageStarts: number[];
  layouts: { page: number; width: number; height: number; runs: number[][] }[];
}> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  let body = '';
  const pageStarts: number[] = [];
  const layouts: { page: number; width: number; height: number; runs: number[][] }[] = [];
  pages.forEach((lines, i) => {
    const page = pdf.addPage([612, 792]);
    pageStarts.push(body.length);
    const runs: number[][] = [];
    lines.forEach((line, k) => {
      const x = 72;
      const y = 720 - k * 20;
      page.drawText(line, { x, y, size: 12, font });
      runs.push([body.length, body.length + line.length, x, y, font.widthOfTextAtSize(line, 12), 12]);
      body += `${line}\n`;
    });
    layouts.push({ page: i + 1, width: 612, height: 792, runs });
  });
  // Object streams give a PDF 1.5 cross-reference stream; without them, a classic xref table.
  return { bytes: await pdf.save({ useObjectStreams: options.objectStreams ?? true }), body, pageStarts, layouts };
}

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Renders a page with pdftoppm as PPM and returns its pixels and the scale (pixels per point). */
export function renderPage(file: string, page: number, dpi = 50): { width: number; height: number; rgb: Buffer; scale: number } {
  const out = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), file], { maxBuffer: 256 * 1024 * 1024 });
  // P6 header: magic, width, height, maxval, each separated by whitespace, then the pixels.
  let pos = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(out[pos]!))) pos += 1;
    let token = '';
    while (!/\s/.test(String.fromCharCode(out[pos]!))) token += String.fromCharCode(out[pos++]!);
    fields.push(token);
  }
  pos += 1;
  if (fields[0] !== 'P6') throw new Error(`not a PPM: ${fields[0]}`);
  return { width: Number(fields[1]), height: Number(fields[2]), rgb: out.subarray(pos), scale: dpi / 72 };
}

/** Share of pixels in a PDF-space box that are tinted (colored rather than gray). */
export function tintedShare(
  img: { width: number; height: number; rgb: Buffer; scale: number },
  pageHeight: number,
  box: { x1: number; y1: number; x2: number; y2: number },
): number {
  const px1 = Math.ceil(box.x1 * img.scale);
  const px2 = Math.floor(box.x2 * img.scale);
  const py1 = Math.ceil((pageHeight - box.y2) * img.scale);
  const py2 = Math.floor((pageHeight - box.y1) * img.scale);
  let tinted = 0;
  let all = 0;
  for (let y = py1; y < py2; y += 1) {
    for (let x = px1; x < px2; x += 1) {
      const i = (y * img.width + x) * 3;
      const [r, g, b] = [img.rgb[i]!, img.rgb[i + 1]!, img.rgb[i + 2]!];
      all += 1;
      // Colored, not gray: text is black, paper white, anti-aliasing gray.
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) tinted += 1;
    }
  }
  return all === 0 ? 0 : tinted / all;
}


export { setOutline, setPageLabels, type Bookmark, type LabelRange } from './test-pdf-structure.ts';
