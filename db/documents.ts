// Typed queries over documents and their PDF page layout.
import { prepared, type Db } from './open.ts';
import { decodeRuns, encodeRuns } from './page-runs.ts';

export interface DocumentRow {
  id: number;
  uuid: string;
  title: string;
  authors: string;
  published: string | null;
  source_path: string | null;
  source_url: string | null;
  kind: 'pdf' | 'html' | 'md' | 'txt';
  mime: string;
  sha256: string;
  size: number;
  pages: number | null;
  page_starts: string | null;
  /** JSON array of page labels; '[]' for a PDF without; NULL when not read yet (see migration 5). */
  page_labels: string | null;
  body: string;
  note: string | null;
  tags_text: string;
  imported_at: string;
  created_at: string;
  updated_at: string;
}

export type NewDocumentRow = Omit<DocumentRow, 'id' | 'tags_text' | 'page_labels'> & { page_labels?: string | null };

export interface PageLayoutRow {
  page: number;
  width: number;
  height: number;
  /** [start, end, x, y, w, h, ...edges] per run; stored compactly (db/page-runs.ts). */
  runs: number[][];
}

interface StoredPageRow {
  page: number;
  width: number;
  height: number;
  runs: Uint8Array | string;
}

const fromStored = (r: StoredPageRow): PageLayoutRow => ({ page: r.page, width: r.width, height: r.height, runs: decodeRuns(r.runs) });

/** Inserts a document and its full-text row (no trigger does: see migration 3). Call in a transaction. */
export function insertDocument(db: Db, row: NewDocumentRow): number {
  // Without labels the column is left out: NULL ("not read yet"), and archives of a schema before 5
  // (tests of migrations write them) still take the statement.
  const labels = row.page_labels !== undefined;
  const id = Number(
    prepared(
      db,
      `INSERT INTO documents (uuid, title, authors, published, source_path, source_url, kind, mime, sha256, size,
           pages, page_starts, ${labels ? 'page_labels, ' : ''}body, note, imported_at, created_at, updated_at)
         VALUES (@uuid, @title, @authors, @published, @source_path, @source_url, @kind, @mime, @sha256, @size,
           @pages, @page_starts, ${labels ? '@page_labels, ' : ''}@body, @note, @imported_at, @created_at, @updated_at)`,
    ).run(row).lastInsertRowid,
  );
  prepared(db, `INSERT INTO documents_fts (rowid, title, authors, body, tags_text) VALUES (?, ?, ?, ?, '')`).run(
    id,
    row.title,
    row.authors,
    row.body,
  );
  return id;
}

/** Replaces a document's content in place (re-import of a changed file): same id, new text. */
export function replaceDocumentContent(
  db: Db,
  id: number,
  row: Pick<
    DocumentRow,
    'title' | 'authors' | 'published' | 'source_url' | 'mime' | 'sha256' | 'size' | 'pages' | 'page_starts' | 'body' | 'note' | 'updated_at'
  > & { page_labels?: string | null },
): void {
  db.prepare(
    `UPDATE documents SET title = @title, authors = @authors, published = @published, source_url = @source_url,
       mime = @mime, sha256 = @sha256, size = @size, pages = @pages, page_starts = @page_starts,
       page_labels = @page_labels, body = @body,
       note = @note, updated_at = @updated_at
     WHERE id = @id`,
  ).run({ page_labels: null, ...row, id });
  db.prepare('DELETE FROM pdf_pages WHERE document_id = ?').run(id);
}

export function insertPageLayouts(db: Db, documentId: number, pages: readonly { page: number; width: number; height: number; runs: readonly (readonly number[])[] }[]): void {
  const insert = prepared(db, 'INSERT INTO pdf_pages (document_id, page, width, height, runs) VALUES (?, ?, ?, ?, ?)');
  for (const p of pages) insert.run(documentId, p.page, p.width, p.height, encodeRuns(p.runs));
}

/** Replaces every page layout of a document (its pages re-read, see core/upgrade/pdf-glyphs.ts). */
export function replacePageLayouts(db: Db, documentId: number, pages: readonly { page: number; width: number; height: number; runs: readonly (readonly number[])[] }[]): void {
  db.prepare('DELETE FROM pdf_pages WHERE document_id = ?').run(documentId);
  insertPageLayouts(db, documentId, pages);
}

/**
 * PDF documents whose page runs were stored before migration 6 (JSON text: no glyph edges), by
 * row id after `afterId`, at most `limit`. Only each document's first page is looked at: all its
 * pages are written together.
 */
export function pdfDocumentsWithoutGlyphEdges(
  db: Db,
  afterId: number,
  limit: number,
): { id: number; uuid: string; sha256: string; body: string; page_starts: string | null }[] {
  return db
    .prepare(
      `SELECT d.id, d.uuid, d.sha256, d.body, d.page_starts FROM documents d
       WHERE d.kind = 'pdf' AND d.id > ?
         AND (SELECT typeof(p.runs) FROM pdf_pages p WHERE p.document_id = d.id ORDER BY p.page LIMIT 1) = 'text'
       ORDER BY d.id LIMIT ?`,
    )
    .all(afterId, limit) as { id: number; uuid: string; sha256: string; body: string; page_starts: string | null }[];
}

/** Rewrites a document's page runs in the compact format as they are (they could not be re-read). */
export function compactPageRuns(db: Db, documentId: number): void {
  const update = db.prepare('UPDATE pdf_pages SET runs = ? WHERE document_id = ? AND page = ?');
  for (const p of getPageLayouts(db, documentId)) update.run(encodeRuns(p.runs), documentId, p.page);
}

/** Replaces a PDF's text and where its pages start (its pages re-read); the full-text index follows by trigger. */
export function replacePdfText(db: Db, documentId: number, body: string, pageStarts: string, updatedAt: string): void {
  db.prepare('UPDATE documents SET body = ?, page_starts = ?, updated_at = ? WHERE id = ?').run(body, pageStarts, updatedAt, documentId);
}

export function getPageLayout(db: Db, documentId: number, page: number): PageLayoutRow | undefined {
  const row = db.prepare('SELECT page, width, height, runs FROM pdf_pages WHERE document_id = ? AND page = ?').get(documentId, page) as
    | StoredPageRow
    | undefined;
  return row && fromStored(row);
}

/** Pages first..last (1-based, inclusive) of a document's layout. */
export function getPageLayoutRange(db: Db, documentId: number, first: number, last: number): PageLayoutRow[] {
  return (
    prepared(db, 'SELECT page, width, height, runs FROM pdf_pages WHERE document_id = ? AND page BETWEEN ? AND ? ORDER BY page').all(documentId, first, last) as StoredPageRow[]
  ).map(fromStored);
}

export function getPageLayouts(db: Db, documentId: number): PageLayoutRow[] {
  return (db.prepare('SELECT page, width, height, runs FROM pdf_pages WHERE document_id = ? ORDER BY page').all(documentId) as StoredPageRow[]).map(fromStored);
}

/** Stores the page labels read from a PDF imported before they were kept, and names its annotations' pages by them. */
export function setPageLabels(db: Db, documentId: number, labels: readonly string[]): void {
  db.prepare('UPDATE documents SET page_labels = ? WHERE id = ?').run(JSON.stringify(labels), documentId);
  const update = db.prepare('UPDATE annotations SET page_label = ? WHERE id = ?');
  const rows = db.prepare('SELECT id, page FROM annotations WHERE document_id = ? AND page IS NOT NULL').all(documentId) as { id: number; page: number }[];
  for (const r of rows) update.run(labels[r.page - 1] ?? String(r.page), r.id);
}

export function findDocumentByUuid(db: Db, uuid: string): DocumentRow | undefined {
  return db.prepare('SELECT * FROM documents WHERE uuid = ?').get(uuid) as DocumentRow | undefined;
}

/** Up to `limit` documents whose id starts with `prefix` (ids are lowercase UUIDs), by id. */
export function findDocumentsByUuidPrefix(db: Db, prefix: string, limit: number): DocumentRow[] {
  return db.prepare('SELECT * FROM documents WHERE uuid >= ? AND uuid < ? ORDER BY uuid LIMIT ?').all(prefix, `${prefix}\uffff`, limit) as DocumentRow[];
}

/** Every document's row id, in import order. */
export function allDocumentIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM documents ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}

/** Row ids of the documents with at least one annotation of the user's (not dismissed, not a suggestion still), in import order. */
export function documentIdsWithAnnotations(db: Db): number[] {
  return (
    db.prepare('SELECT id FROM documents d WHERE EXISTS (SELECT 1 FROM annotations a WHERE a.document_id = d.id AND a.dismissed = 0 AND a.suggested = 0) ORDER BY id').all() as {
      id: number;
    }[]
  ).map((r) => r.id);
}

/** PDFs imported before their page labels were kept (migration 5): their labels were never read. */
export function pdfsWithoutPageLabels(db: Db): Pick<DocumentRow, 'id' | 'uuid' | 'kind' | 'sha256' | 'page_labels'>[] {
  return db.prepare(`SELECT id, uuid, kind, sha256, page_labels FROM documents WHERE kind = 'pdf' AND page_labels IS NULL`).all() as Pick<
    DocumentRow,
    'id' | 'uuid' | 'kind' | 'sha256' | 'page_labels'
  >[];
}

export function findDocumentById(db: Db, id: number): DocumentRow | undefined {
  return db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
}

export function findDocumentBySha(db: Db, sha256: string): Pick<DocumentRow, 'id' | 'uuid' | 'title'> | undefined {
  return prepared(db, 'SELECT id, uuid, title FROM documents WHERE sha256 = ?').get(sha256) as
    | Pick<DocumentRow, 'id' | 'uuid' | 'title'>
    | undefined;
}

export function findDocumentBySourcePath(
  db: Db,
  sourcePath: string,
): Pick<DocumentRow, 'id' | 'uuid' | 'title' | 'sha256' | 'body'> | undefined {
  return db
    .prepare('SELECT id, uuid, title, sha256, body FROM documents WHERE source_path = ? ORDER BY id DESC LIMIT 1')
    .get(sourcePath) as Pick<DocumentRow, 'id' | 'uuid' | 'title' | 'sha256' | 'body'> | undefined;
}

export function deleteDocument(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM documents WHERE id = ?').run(id).changes > 0;
}

/** Tag names of a document, in name order. */
export function documentTagNames(db: Db, documentId: number): string[] {
  return (
    db
      .prepare(
        'SELECT t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.document_id = ? ORDER BY t.name COLLATE NOCASE',
      )
      .all(documentId) as { name: string }[]
  ).map((r) => r.name);
}
