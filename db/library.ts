// The library listing: documents with their tag names and annotation counts, sorted and paged.
import type { Db } from './open.ts';

export type LibrarySort = 'title' | 'published' | 'imported' | 'annotations' | 'kind';

export interface LibraryRow {
  id: number;
  uuid: string;
  title: string;
  kind: 'pdf' | 'html' | 'md' | 'txt';
  mime: string;
  pages: number | null;
  published: string | null;
  imported_at: string;
  tags: string | null; // names joined by \u001f
  annotation_count: number;
}

// Each sort is a fixed SQL fragment chosen by key: user text never reaches ORDER BY.
const ORDER: Record<LibrarySort, string> = {
  title: 'd.title COLLATE NOCASE',
  published: "coalesce(d.published, substr(d.imported_at, 1, 10))",
  imported: 'd.imported_at',
  annotations: 'annotation_count',
  kind: 'd.kind',
};

export interface LibraryQuery {
  sort: LibrarySort;
  descending: boolean;
  tag: string | null;
  kind: string | null;
  offset: number;
  limit: number;
}

export function listLibrary(db: Db, q: LibraryQuery): { total: number; rows: LibraryRow[] } {
  const where: string[] = [];
  const params: Record<string, unknown> = { offset: q.offset, limit: q.limit };
  if (q.kind) {
    where.push('d.kind = @kind');
    params.kind = q.kind;
  }
  if (q.tag) {
    where.push('d.id IN (SELECT dt.document_id FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = @tag)');
    params.tag = q.tag;
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const direction = q.descending ? 'DESC' : 'ASC';
  const total = (db.prepare(`SELECT count(*) AS n FROM documents d ${filter}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT d.id, d.uuid, d.title, d.kind, d.mime, d.pages, d.published, d.imported_at,
         (SELECT group_concat(t.name, char(31)) FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.document_id = d.id) AS tags,
         (SELECT count(*) FROM annotations a WHERE a.document_id = d.id AND a.dismissed = 0 AND a.suggested = 0) AS annotation_count
       FROM documents d ${filter}
       ORDER BY ${ORDER[q.sort]} ${direction}, d.id ${direction}
       LIMIT @limit OFFSET @offset`,
    )
    .all(params) as LibraryRow[];
  return { total, rows };
}
