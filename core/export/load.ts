// Reads what an export needs straight from the archive: the document, its tags, its annotations
// (the user's: neither dismissed nor still-suggested takeaways) with their tags, parents and PDF
// quads. A few prepared statements per document, so exporting hundreds of documents costs
// milliseconds here, not seconds.
import type { Db } from '../../db/open.ts';
import type { DocumentRow } from '../../db/documents.ts';
import { decodeRuns } from '../../db/page-runs.ts';
import type { AnchorMethod, AnnotationKind, Color, DocumentKind } from '../types.ts';
import type { ExportAnnotation, ExportDocument, PdfQuad } from './model.ts';
import { pageLabelsOf } from '../documents/library.ts';

interface AnnotationRow {
  id: number;
  uuid: string;
  parent_uuid: string | null;
  kind: AnnotationKind;
  suggested: number;
  color: string | null;
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
  start: number | null;
  end: number | null;
  page: number | null;
  quads: string | null;
  page_label: string | null;
  text: string | null;
  comment: string | null;
  anchor: AnchorMethod | null;
  created_at: string;
  updated_at: string;
}

export class ExportLoader {
  private readonly documentStmt;
  private readonly documentNoTextStmt;
  private readonly textPrefixStmt;
  private readonly documentTagsStmt;
  private readonly annotationsStmt;
  private readonly annotationTagsStmt;
  private readonly layoutsStmt;

  constructor(private readonly db: Db) {
    this.documentStmt = db.prepare('SELECT * FROM documents WHERE id = ?');
    this.documentNoTextStmt = db.prepare(
      `SELECT id, uuid, title, authors, published, source_path, source_url, kind, mime, sha256, size, pages,
              page_starts, page_labels, '' AS body, note, tags_text, imported_at, created_at, updated_at
       FROM documents WHERE id = ?`,
    );
    this.textPrefixStmt = db.prepare('SELECT substr(body, 1, ?) AS body FROM documents WHERE id = ?');
    this.documentTagsStmt = db.prepare(
      `SELECT t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
       WHERE dt.document_id = ? ORDER BY t.name COLLATE NOCASE`,
    );
    this.annotationsStmt = db.prepare(
      `SELECT a.id, a.uuid, p.uuid AS parent_uuid, a.kind, a.suggested, a.color, a.exact, a.prefix, a.suffix,
              a.start, a."end", a.page, a.quads, a.page_label, a.text, a.comment, a.anchor, a.created_at, a.updated_at
       FROM annotations a LEFT JOIN annotations p ON p.id = a.parent_id
       WHERE a.document_id = ? AND a.dismissed = 0 AND a.suggested = 0
       ORDER BY a.start IS NULL, a.start, a.created_at, a.id`,
    );
    this.annotationTagsStmt = db.prepare(
      `SELECT at.annotation_id AS id, t.name FROM annotation_tags at
       JOIN annotations a ON a.id = at.annotation_id JOIN tags t ON t.id = at.tag_id
       WHERE a.document_id = ? ORDER BY t.name COLLATE NOCASE`,
    );
    this.layoutsStmt = db.prepare('SELECT page, width, height, runs FROM pdf_pages WHERE document_id = ? ORDER BY page');
  }

  /**
   * The document with this row id, or undefined when it is gone. Without `text` the body is left
   * out (CSV does not need it; a whole-archive export then reads kilobytes, not gigabytes).
   * With `text: 'anchors'` only the body up to the furthest annotation's end is read: what the
   * JSON export needs to count its offsets in code points.
   */
  load(id: number, options: { text?: boolean | 'anchors' } = {}): ExportDocument | undefined {
    const stmt = options.text === false || options.text === 'anchors' ? this.documentNoTextStmt : this.documentStmt;
    const row = stmt.get(id) as DocumentRow | undefined;
    if (!row) return undefined;
    const tags = (this.documentTagsStmt.all(id) as { name: string }[]).map((r) => r.name);
    const tagsByAnnotation = new Map<number, string[]>();
    for (const r of this.annotationTagsStmt.all(id) as { id: number; name: string }[]) {
      const list = tagsByAnnotation.get(r.id);
      if (list) list.push(r.name);
      else tagsByAnnotation.set(r.id, [r.name]);
    }
    const annotations = (this.annotationsStmt.all(id) as AnnotationRow[]).map((a) =>
      toAnnotation(row.uuid, a, tagsByAnnotation.get(a.id) ?? []),
    );
    let text = row.body;
    if (options.text === 'anchors') {
      const reach = Math.max(0, ...annotations.map((a) => a.position?.end ?? 0));
      // substr counts characters (code points), never fewer than our UTF-16 offsets: enough text.
      if (reach > 0) text = (this.textPrefixStmt.get(reach, id) as { body: string | null }).body ?? '';
    }
    return {
      id: row.uuid,
      title: row.title,
      authors: parseJson<string[]>(row.authors, []).filter((s) => typeof s === 'string'),
      published: row.published,
      source: { path: row.source_path, url: row.source_url },
      kind: row.kind as DocumentKind,
      mime: row.mime,
      pages: row.pages,
      pageStarts: row.page_starts ? parseJson<number[] | null>(row.page_starts, null) : null,
      pageLabels: pageLabelsOf(row),
      importedAt: row.imported_at,
      updated: row.updated_at,
      note: row.note,
      sha256: row.sha256,
      tags,
      text,
      annotations,
    };
  }

  /** The text runs of each page of a PDF document, for placing annotations without stored quads. */
  layouts(id: number): { page: number; width: number; height: number; runs: number[][] }[] {
    return (this.layoutsStmt.all(id) as { page: number; width: number; height: number; runs: Uint8Array | string }[]).map((p) => ({
      page: p.page,
      width: p.width,
      height: p.height,
      runs: decodeRuns(p.runs),
    }));
  }

  /** Row ids and titles, for progress and error reports before a document is loaded. */
  titles(ids: readonly number[]): Map<number, { uuid: string; title: string }> {
    const stmt = this.db.prepare('SELECT uuid, title FROM documents WHERE id = ?');
    const out = new Map<number, { uuid: string; title: string }>();
    for (const id of ids) {
      const r = stmt.get(id) as { uuid: string; title: string } | undefined;
      if (r) out.set(id, r);
    }
    return out;
  }
}

function toAnnotation(documentId: string, a: AnnotationRow, tags: string[]): ExportAnnotation {
  return {
    id: a.uuid,
    documentId,
    parentId: a.parent_uuid,
    kind: a.kind,
    suggested: a.suggested !== 0,
    color: (a.color as Color | null) ?? null,
    quote: a.exact != null ? { exact: a.exact, prefix: a.prefix ?? '', suffix: a.suffix ?? '' } : null,
    position: a.start != null && a.end != null ? { start: a.start, end: a.end } : null,
    page: a.page,
    pageLabel: a.page_label ?? (a.page == null ? null : String(a.page)),
    text: a.text,
    comment: a.comment,
    tags,
    anchor: a.anchor,
    created: a.created_at,
    updated: a.updated_at,
    quads: a.quads ? parseQuads(a.quads) : null,
  };
}

function parseQuads(json: string): PdfQuad[] | null {
  const value = parseJson<unknown>(json, null);
  if (!Array.isArray(value)) return null;
  const quads: PdfQuad[] = [];
  for (const q of value) {
    if (!q || typeof q !== 'object') continue;
    const { page, x1, y1, x2, y2 } = q as Record<string, unknown>;
    if ([page, x1, y1, x2, y2].every((n) => typeof n === 'number' && Number.isFinite(n))) {
      quads.push({ page: page as number, x1: x1 as number, y1: y1 as number, x2: x2 as number, y2: y2 as number });
    }
  }
  return quads;
}

function parseJson<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}
