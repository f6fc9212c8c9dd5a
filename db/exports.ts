// What an export reads of the archive, as typed queries prepared once per export: a document
// (with all, none or the start of its text), its tags, its annotations (the user's: neither
// dismissed nor still-suggested takeaways) with their parents and tags, and titles for reports.
import type { Db } from './open.ts';
import type { DocumentRow } from './documents.ts';
import type { AnnotationRow } from './annotations.ts';

/** An annotation as an export reads it: its own columns, and its parent's id. */
export type ExportAnnotationRow = Pick<
  AnnotationRow,
  'id' | 'uuid' | 'kind' | 'suggested' | 'color' | 'exact' | 'prefix' | 'suffix' | 'start' | 'end' | 'page' | 'quads' | 'page_label' | 'text' | 'comment' | 'anchor' | 'created_at' | 'updated_at'
> & { parent_uuid: string | null };

export class ExportRows {
  private readonly documentStmt;
  private readonly documentNoTextStmt;
  private readonly textPrefixStmt;
  private readonly documentTagsStmt;
  private readonly annotationsStmt;
  private readonly annotationTagsStmt;
  private readonly titleStmt;

  constructor(db: Db) {
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
    this.titleStmt = db.prepare('SELECT uuid, title FROM documents WHERE id = ?');
  }

  /** The document's row; its body left empty when `withText` is false. */
  document(id: number, withText: boolean): DocumentRow | undefined {
    return (withText ? this.documentStmt : this.documentNoTextStmt).get(id) as DocumentRow | undefined;
  }

  /** The first `characters` characters (code points) of a document's text. */
  textPrefix(id: number, characters: number): string {
    return (this.textPrefixStmt.get(characters, id) as { body: string | null } | undefined)?.body ?? '';
  }

  documentTags(id: number): string[] {
    return (this.documentTagsStmt.all(id) as { name: string }[]).map((r) => r.name);
  }

  annotations(documentId: number): ExportAnnotationRow[] {
    return this.annotationsStmt.all(documentId) as ExportAnnotationRow[];
  }

  /** The tags of each annotation of a document, by the annotation's row id. */
  annotationTags(documentId: number): Map<number, string[]> {
    const byAnnotation = new Map<number, string[]>();
    for (const r of this.annotationTagsStmt.all(documentId) as { id: number; name: string }[]) {
      const list = byAnnotation.get(r.id);
      if (list) list.push(r.name);
      else byAnnotation.set(r.id, [r.name]);
    }
    return byAnnotation;
  }

  title(id: number): { uuid: string; title: string } | undefined {
    return this.titleStmt.get(id) as { uuid: string; title: string } | undefined;
  }
}
