// Typed queries over tags and the links from documents and annotations to them. Tag names are
// unique without regard to case (the column is COLLATE NOCASE, so `name = ?` compares that way);
// the tags_text columns and the full-text indexes follow through the schema's triggers.
import type { Db } from './open.ts';

export interface TagRow {
  id: number;
  uuid: string;
  name: string;
  color: string;
  created_at: string;
  updated_at: string;
}

export interface TagCountRow {
  name: string;
  color: string;
  count: number;
}

export function findTagByName(db: Db, name: string): TagRow | undefined {
  return db.prepare('SELECT * FROM tags WHERE name = ?').get(name) as TagRow | undefined;
}

export function insertTag(db: Db, row: Omit<TagRow, 'id'>): number {
  return Number(
    db
      .prepare('INSERT INTO tags (uuid, name, color, created_at, updated_at) VALUES (@uuid, @name, @color, @created_at, @updated_at)')
      .run(row).lastInsertRowid,
  );
}

// A tag's count: the documents carrying it plus the annotations carrying it, dismissed ones aside.
const COUNT = `(SELECT count(*) FROM document_tags dt WHERE dt.tag_id = t.id)
  + (SELECT count(*) FROM annotation_tags at JOIN annotations a ON a.id = at.annotation_id
     WHERE at.tag_id = t.id AND a.dismissed = 0)`;

export function listTagsWithCounts(db: Db): TagCountRow[] {
  return db.prepare(`SELECT t.name, t.color, ${COUNT} AS count FROM tags t ORDER BY t.name COLLATE NOCASE`).all() as TagCountRow[];
}

export function tagWithCount(db: Db, id: number): TagCountRow | undefined {
  return db.prepare(`SELECT t.name, t.color, ${COUNT} AS count FROM tags t WHERE t.id = ?`).get(id) as TagCountRow | undefined;
}

export function renameTagRow(db: Db, id: number, name: string, at: string): void {
  db.prepare('UPDATE tags SET name = ?, updated_at = ? WHERE id = ?').run(name, at, id);
}

export function setTagColorRow(db: Db, id: number, color: string, at: string): void {
  db.prepare('UPDATE tags SET color = ?, updated_at = ? WHERE id = ?').run(color, at, id);
}

/** Deletes a tag; its links go with it (ON DELETE CASCADE, which the tags_text triggers see). */
export function deleteTagRow(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM tags WHERE id = ?').run(id).changes > 0;
}

/** Moves every link of tag `fromId` to `intoId` (one copy where both were), then deletes `fromId`. */
export function mergeTagRows(db: Db, fromId: number, intoId: number): void {
  db.prepare('INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) SELECT annotation_id, ? FROM annotation_tags WHERE tag_id = ?').run(
    intoId,
    fromId,
  );
  db.prepare('INSERT OR IGNORE INTO document_tags (document_id, tag_id) SELECT document_id, ? FROM document_tags WHERE tag_id = ?').run(
    intoId,
    fromId,
  );
  deleteTagRow(db, fromId);
}

/** Sets updated_at of every annotation and document carrying the tag (before its links change). */
export function touchTagged(db: Db, tagId: number, at: string): void {
  db.prepare('UPDATE annotations SET updated_at = ? WHERE id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = ?)').run(at, tagId);
  db.prepare('UPDATE documents SET updated_at = ? WHERE id IN (SELECT document_id FROM document_tags WHERE tag_id = ?)').run(at, tagId);
}

/** Links an annotation to a tag; false when it already was. */
export function addAnnotationTag(db: Db, annotationId: number, tagId: number): boolean {
  return db.prepare('INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)').run(annotationId, tagId).changes > 0;
}

export function removeAnnotationTag(db: Db, annotationId: number, tagId: number): boolean {
  return db.prepare('DELETE FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?').run(annotationId, tagId).changes > 0;
}

export function addDocumentTag(db: Db, documentId: number, tagId: number): boolean {
  return db.prepare('INSERT OR IGNORE INTO document_tags (document_id, tag_id) VALUES (?, ?)').run(documentId, tagId).changes > 0;
}

export function removeDocumentTag(db: Db, documentId: number, tagId: number): boolean {
  return db.prepare('DELETE FROM document_tags WHERE document_id = ? AND tag_id = ?').run(documentId, tagId).changes > 0;
}

export function touchDocument(db: Db, documentId: number, at: string): void {
  db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?').run(at, documentId);
}

/** Ids of the documents tagged `tagId` (their own tags), in import order. */
export function documentIdsTagged(db: Db, tagId: number): number[] {
  return (db.prepare('SELECT document_id AS id FROM document_tags WHERE tag_id = ? ORDER BY document_id').all(tagId) as { id: number }[]).map((r) => r.id);
}

/** Ids of the documents with an annotation (not dismissed) tagged `tagId`, in import order. */
export function documentIdsWithAnnotationTagged(db: Db, tagId: number): number[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT a.document_id AS id FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id
       WHERE t.tag_id = ? AND a.dismissed = 0 ORDER BY a.document_id`,
    )
    .all(tagId) as { id: number }[];
  return rows.map((r) => r.id);
}
