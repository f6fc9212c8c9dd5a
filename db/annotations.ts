// Typed queries over annotations. Every statement is fixed text with bound parameters; filters
// that may be absent are written as `(? IS NULL OR column = ?)` rather than assembled.
import type { Db } from './open.ts';

export type AnnotationKindValue = 'highlight' | 'takeaway' | 'note';
export type AnchorValue = 'exact' | 'fuzzy' | 'orphaned';

export interface AnnotationRow {
  id: number;
  uuid: string;
  document_id: number;
  parent_id: number | null;
  kind: AnnotationKindValue;
  suggested: number;
  dismissed: number;
  color: string | null;
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
  start: number | null;
  end: number | null;
  page: number | null;
  /** JSON [{page,x1,y1,x2,y2},...] in PDF user space. */
  quads: string | null;
  /** The page's label in the PDF (or its number) when placed; NULL without a page or not yet named. */
  page_label: string | null;
  text: string | null;
  comment: string | null;
  anchor: AnchorValue | null;
  tags_text: string;
  created_at: string;
  updated_at: string;
}

/** An annotation with what its JSON shape needs from other tables. */
export interface AnnotationView extends AnnotationRow {
  document_uuid: string;
  parent_uuid: string | null;
  /** JSON array of tag names, in name order. */
  tag_names: string;
  /** What sync knows of it (migration 8); all NULL for an annotation that never synced. */
  sync_author: string | null;
  sync_restored: string | null;
  sync_conflicts: string | null;
}

export type NewAnnotationRow = Omit<AnnotationRow, 'id' | 'tags_text' | 'page_label'> & { page_label?: string | null };

const VIEW = `
  SELECT a.*, d.uuid AS document_uuid, p.uuid AS parent_uuid,
    (SELECT json_group_array(name) FROM (
       SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
       WHERE at.annotation_id = a.id ORDER BY t.name COLLATE NOCASE)) AS tag_names,
    m.author AS sync_author, m.restored AS sync_restored, m.conflicts AS sync_conflicts
  FROM annotations a
  JOIN documents d ON d.id = a.document_id
  LEFT JOIN annotations p ON p.id = a.parent_id
  LEFT JOIN sync_annotation_meta m ON m.uuid = a.uuid`;

export function insertAnnotation(db: Db, row: NewAnnotationRow): number {
  const result = db
    .prepare(
      `INSERT INTO annotations (uuid, document_id, parent_id, kind, suggested, dismissed, color, exact, prefix, suffix,
         start, "end", page, quads, page_label, text, comment, anchor, created_at, updated_at)
       VALUES (@uuid, @document_id, @parent_id, @kind, @suggested, @dismissed, @color, @exact, @prefix, @suffix,
         @start, @end, @page, @quads, @page_label, @text, @comment, @anchor, @created_at, @updated_at)`,
    )
    .run({ page_label: null, ...row });
  return Number(result.lastInsertRowid);
}

export function findAnnotationByUuid(db: Db, uuid: string): AnnotationRow | undefined {
  return db.prepare('SELECT * FROM annotations WHERE uuid = ?').get(uuid) as AnnotationRow | undefined;
}

/** Up to `limit` annotations whose id starts with `prefix`, by id. */
export function findAnnotationsByUuidPrefix(db: Db, prefix: string, limit: number): AnnotationRow[] {
  return db.prepare('SELECT * FROM annotations WHERE uuid >= ? AND uuid < ? ORDER BY uuid LIMIT ?').all(prefix, `${prefix}\uffff`, limit) as AnnotationRow[];
}

export function getAnnotationView(db: Db, id: number): AnnotationView | undefined {
  return db.prepare(`${VIEW} WHERE a.id = ?`).get(id) as AnnotationView | undefined;
}

export interface AnnotationFilter {
  documentId: number | null;
  tagId: number | null;
  kind: AnnotationKindValue | null;
  includeSuggested: boolean;
}

/** Annotations in reading order (document, then position; unanchored ones after, by creation). Dismissed ones never. */
export function listAnnotationViews(db: Db, filter: AnnotationFilter): AnnotationView[] {
  return db
    .prepare(
      `${VIEW}
       WHERE a.dismissed = 0
         AND (@includeSuggested = 1 OR a.suggested = 0)
         AND (@documentId IS NULL OR a.document_id = @documentId)
         AND (@kind IS NULL OR a.kind = @kind)
         AND (@tagId IS NULL OR EXISTS (SELECT 1 FROM annotation_tags x WHERE x.annotation_id = a.id AND x.tag_id = @tagId))
       ORDER BY a.document_id, a.start IS NULL, a.start, a."end", a.created_at, a.id`,
    )
    .all({ ...filter, includeSuggested: filter.includeSuggested ? 1 : 0 }) as AnnotationView[];
}

/** The fields a person edits; each write sets them all (the FTS triggers follow). */
export interface AnnotationContent {
  kind: AnnotationKindValue;
  color: string | null;
  text: string | null;
  comment: string | null;
  updated_at: string;
}

export function updateAnnotationContent(db: Db, id: number, content: AnnotationContent): void {
  db.prepare(
    'UPDATE annotations SET kind = @kind, color = @color, text = @text, comment = @comment, updated_at = @updated_at WHERE id = @id',
  ).run({ ...content, id });
}

/** Keeps or dismisses a suggestion; the indexed text is untouched. */
export function setSuggestionState(db: Db, id: number, state: { suggested: number; dismissed: number; updated_at: string }): void {
  db.prepare('UPDATE annotations SET suggested = @suggested, dismissed = @dismissed, updated_at = @updated_at WHERE id = @id').run({
    ...state,
    id,
  });
}

/** Attaches a note to another annotation of its document, or (null) to the document itself. */
export function setAnnotationParent(db: Db, id: number, parentId: number | null, at: string): void {
  db.prepare('UPDATE annotations SET parent_id = ?, updated_at = ? WHERE id = ?').run(parentId, at, id);
}

/** Only sets updated_at (a change to the annotation's tags). */
export function touchAnnotation(db: Db, id: number, at: string): void {
  db.prepare('UPDATE annotations SET updated_at = ? WHERE id = ?').run(at, id);
}

export interface AnchorUpdate {
  start: number | null;
  end: number | null;
  prefix: string | null;
  suffix: string | null;
  page: number | null;
  quads: string | null;
  page_label?: string | null;
  anchor: AnchorValue;
  updated_at: string;
}

/** Writes a new anchor; leaves the quote, and so the full-text index, alone. */
export function updateAnnotationAnchor(db: Db, id: number, update: AnchorUpdate): void {
  db.prepare(
    `UPDATE annotations SET start = @start, "end" = @end, prefix = @prefix, suffix = @suffix, page = @page,
       quads = @quads, page_label = @page_label, anchor = @anchor, updated_at = @updated_at
     WHERE id = @id`,
  ).run({ page_label: null, ...update, id });
}

export function deleteAnnotationRow(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM annotations WHERE id = ?').run(id).changes > 0;
}

/** Notes attached to an annotation become notes on its document; returns how many. */
export function detachChildNotes(db: Db, parentId: number, at: string): number {
  return db.prepare('UPDATE annotations SET parent_id = NULL, updated_at = ? WHERE parent_id = ?').run(at, parentId).changes;
}

export type QuotedAnnotationRow = Pick<
  AnnotationRow,
  'id' | 'exact' | 'prefix' | 'suffix' | 'start' | 'end' | 'page' | 'quads' | 'page_label' | 'anchor' | 'dismissed' | 'updated_at'
> & { exact: string };

/** Every annotation of a document that has a quote, dismissed ones included, in position order. */
export function listQuotedAnnotations(db: Db, documentId: number): QuotedAnnotationRow[] {
  return db
    .prepare(
      `SELECT id, exact, prefix, suffix, start, "end", page, quads, page_label, anchor, dismissed, updated_at FROM annotations
       WHERE document_id = ? AND exact IS NOT NULL ORDER BY start, id`,
    )
    .all(documentId) as QuotedAnnotationRow[];
}

/** The quotes of a document's takeaways, suggested, kept or dismissed. */
export function takeawayQuotes(db: Db, documentId: number): string[] {
  return (
    db
      .prepare(`SELECT exact FROM annotations WHERE document_id = ? AND kind = 'takeaway' AND exact IS NOT NULL`)
      .all(documentId) as { exact: string }[]
  ).map((r) => r.exact);
}
