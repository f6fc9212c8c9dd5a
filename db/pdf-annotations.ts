// Annotations already inside an imported PDF (migration 7): kept as the file carries them.
import { prepared, type Db } from './open.ts';

export interface PdfAnnotationRow {
  page: number;
  subtype: string;
  /** JSON [left, bottom, right, top]. */
  rect: string;
  /** JSON [[x1, y1, …, x4, y4], …]. */
  quads: string;
  contents: string | null;
  author: string | null;
  color: string | null;
  modified: string | null;
}

/** Replaces a document's PDF annotations with these, in this order (call in a transaction). */
export function setPdfAnnotations(db: Db, documentId: number, rows: readonly PdfAnnotationRow[]): void {
  prepared(db, 'DELETE FROM pdf_annotations WHERE document_id = ?').run(documentId);
  const insert = prepared(
    db,
    'INSERT INTO pdf_annotations (document_id, seq, page, subtype, rect, quads, contents, author, color, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  rows.forEach((r, seq) => insert.run(documentId, seq, r.page, r.subtype, r.rect, r.quads, r.contents, r.author, r.color, r.modified));
}

/** A document's PDF annotations in page order. */
export function getPdfAnnotations(db: Db, documentId: number): PdfAnnotationRow[] {
  return prepared(db, 'SELECT page, subtype, rect, quads, contents, author, color, modified FROM pdf_annotations WHERE document_id = ? ORDER BY seq').all(
    documentId,
  ) as PdfAnnotationRow[];
}
