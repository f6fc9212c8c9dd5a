// Reads what an export needs straight from the archive: the document, its tags, its annotations
// (the user's: neither dismissed nor still-suggested takeaways) with their tags, parents and PDF
// quads. A few prepared statements per document, so exporting hundreds of documents costs
// milliseconds here, not seconds.
import type { Db } from '../../db/open.ts';
import { getPageLayouts } from '../../db/documents.ts';
import { ExportRows, type ExportAnnotationRow } from '../../db/exports.ts';
import type { AnchorMethod, AnnotationKind, Color, DocumentKind } from '../types.ts';
import type { ExportAnnotation, ExportDocument, PdfQuad } from './model.ts';
import { pageLabelsOf } from '../documents/library.ts';

export class ExportLoader {
  private readonly rows: ExportRows;

  constructor(private readonly db: Db) {
    this.rows = new ExportRows(db);
  }

  /**
   * The document with this row id, or undefined when it is gone. Without `text` the body is left
   * out (CSV does not need it; a whole-archive export then reads kilobytes, not gigabytes).
   * With `text: 'anchors'` only the body up to the furthest annotation's end is read: what the
   * JSON export needs to count its offsets in code points.
   */
  load(id: number, options: { text?: boolean | 'anchors' } = {}): ExportDocument | undefined {
    const row = this.rows.document(id, options.text !== false && options.text !== 'anchors');
    if (!row) return undefined;
    const tags = this.rows.documentTags(id);
    const tagsByAnnotation = this.rows.annotationTags(id);
    const annotations = this.rows.annotations(id).map((a) => toAnnotation(row.uuid, a, tagsByAnnotation.get(a.id) ?? []));
    let text = row.body;
    if (options.text === 'anchors') {
      const reach = Math.max(0, ...annotations.map((a) => a.position?.end ?? 0));
      // substr counts characters (code points), never fewer than our UTF-16 offsets: enough text.
      if (reach > 0) text = this.rows.textPrefix(id, reach);
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
    return getPageLayouts(this.db, id);
  }

  /** Row ids and titles, for progress and error reports before a document is loaded. */
  titles(ids: readonly number[]): Map<number, { uuid: string; title: string }> {
    const out = new Map<number, { uuid: string; title: string }>();
    for (const id of ids) {
      const r = this.rows.title(id);
      if (r) out.set(id, r);
    }
    return out;
  }
}

function toAnnotation(documentId: string, a: ExportAnnotationRow, tags: string[]): ExportAnnotation {
  return {
    id: a.uuid,
    documentId,
    parentId: a.parent_uuid,
    kind: a.kind as AnnotationKind,
    suggested: a.suggested !== 0,
    color: (a.color as Color | null) ?? null,
    quote: a.exact != null ? { exact: a.exact, prefix: a.prefix ?? '', suffix: a.suffix ?? '' } : null,
    position: a.start != null && a.end != null ? { start: a.start, end: a.end } : null,
    page: a.page,
    pageLabel: a.page_label ?? (a.page == null ? null : String(a.page)),
    text: a.text,
    comment: a.comment,
    tags,
    anchor: a.anchor as AnchorMethod | null,
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
