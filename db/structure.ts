// Typed queries over the structure of HTML/Markdown documents and the images stored with them
// (migration 4). The structure is opaque JSON here: db/ does not know its shape.
import { prepared, type Db } from './open.ts';

export interface StructureRow {
  version: number;
  structure: string;
}

/** Sets (or replaces) a document's structure. Call in the transaction that writes its text. */
export function setDocumentStructure(db: Db, documentId: number, version: number, structure: string): void {
  prepared(
    db,
    `INSERT INTO document_structure (document_id, version, structure) VALUES (?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET version = excluded.version, structure = excluded.structure`,
  ).run(documentId, version, structure);
}

export function getDocumentStructure(db: Db, documentId: number): StructureRow | undefined {
  return prepared(db, 'SELECT version, structure FROM document_structure WHERE document_id = ?').get(documentId) as StructureRow | undefined;
}

/** Records that an image (stored under files/ by its hash) belongs to a document. */
export function addDocumentImage(db: Db, documentId: number, sha256: string, mime: string): void {
  prepared(db, 'INSERT OR IGNORE INTO document_images (document_id, sha256, mime) VALUES (?, ?, ?)').run(documentId, sha256, mime);
}

export function getDocumentImage(db: Db, documentId: number, sha256: string): { mime: string } | undefined {
  return prepared(db, 'SELECT mime FROM document_images WHERE document_id = ? AND sha256 = ?').get(documentId, sha256) as
    | { mime: string }
    | undefined;
}

/**
 * Documents of the given kinds whose structure is missing or older than `version`, by row id,
 * after `afterId`, at most `limit`: what an upgrade has left to do.
 */
export function documentsNeedingStructure(
  db: Db,
  kinds: readonly string[],
  version: number,
  afterId: number,
  limit: number,
): { id: number; uuid: string; kind: string; sha256: string; source_path: string | null; body: string }[] {
  const marks = kinds.map(() => '?').join(', ');
  return db
    .prepare(
      `SELECT d.id, d.uuid, d.kind, d.sha256, d.source_path, d.body FROM documents d
       LEFT JOIN document_structure s ON s.document_id = d.id
       WHERE d.kind IN (${marks}) AND d.id > ? AND (s.version IS NULL OR s.version < ?)
       ORDER BY d.id LIMIT ?`,
    )
    .all(...kinds, afterId, version, limit) as {
    id: number;
    uuid: string;
    kind: string;
    sha256: string;
    source_path: string | null;
    body: string;
  }[];
}

/** Replaces a document's text alone (its structure was re-derived and the text came out different). */
export function replaceDocumentBody(db: Db, documentId: number, body: string, updatedAt: string): void {
  db.prepare('UPDATE documents SET body = ?, updated_at = ? WHERE id = ?').run(body, updatedAt, documentId);
}
