// The SQL of sync (migration 8): its key/value state, the outbox of local changes that triggers
// fill, the replica revision each record reflects, deferred records and an annotation's sync facts.
// Everything that writes pith.db from the replica lives in core/sync/apply.ts over these.
import type { Db } from './open.ts';
import type { AnnotationRow } from './annotations.ts';

export function getSyncState(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setSyncState(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** Is the outbox on (the triggers of migration 8 append only then)? */
export function syncEnabled(db: Db): boolean {
  return getSyncState(db, 'enabled') !== undefined;
}

/**
 * Turns the outbox on and queues every record the archive holds, once: the first sync pushes them
 * all, later ones only what the triggers queued. Idempotent.
 */
export function enableSync(db: Db): void {
  db.transaction(() => {
    if (syncEnabled(db)) return;
    setSyncState(db, 'enabled', '1');
    db.exec(`
      INSERT INTO sync_changes(key) SELECT 'tag:' || lower(name) FROM tags;
      INSERT INTO sync_changes(key) SELECT 'doc:' || sha256 FROM documents ORDER BY id;
      INSERT INTO sync_changes(key) SELECT 'ann:' || uuid FROM annotations ORDER BY parent_id IS NOT NULL, id;
    `);
  })();
}

export interface PendingKey {
  key: string;
  /** The newest queued change of the key: what pushing it now settles. */
  seq: number;
}

/** Records with local changes not yet in the replica, oldest first. */
export function pendingKeys(db: Db, limit: number): PendingKey[] {
  return db
    .prepare('SELECT key, max(seq) AS seq FROM sync_changes GROUP BY key ORDER BY min(seq) LIMIT ?')
    .all(limit) as PendingKey[];
}

export function pendingCount(db: Db): number {
  return (db.prepare('SELECT count(DISTINCT key) AS n FROM sync_changes').get() as { n: number }).n;
}

export function hasPending(db: Db, key: string): boolean {
  return db.prepare('SELECT 1 FROM sync_changes WHERE key = ? LIMIT 1').get(key) !== undefined;
}

/** Marks a key's changes up to `seq` as pushed (later ones, made meanwhile, stay queued). */
export function clearPending(db: Db, key: string, seq: number): void {
  db.prepare('DELETE FROM sync_changes WHERE key = ? AND seq <= ?').run(key, seq);
}

export function lastChangeSeq(db: Db): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM sync_changes').get() as { seq: number }).seq;
}

/** Forgets what the triggers queued after `seq`: the echo of a remote change being applied. */
export function dropChangesAfter(db: Db, seq: number): void {
  db.prepare('DELETE FROM sync_changes WHERE seq > ?').run(seq);
}

export interface SyncDocRow {
  id: string;
  rev: string;
  doc: string;
}

export function getSyncDoc(db: Db, id: string): SyncDocRow | undefined {
  return db.prepare('SELECT id, rev, doc FROM sync_docs WHERE id = ?').get(id) as SyncDocRow | undefined;
}

export function setSyncDoc(db: Db, id: string, rev: string, doc: string): void {
  db.prepare('INSERT INTO sync_docs (id, rev, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, doc = excluded.doc').run(
    id,
    rev,
    doc,
  );
}

export function deferKey(db: Db, id: string): void {
  db.prepare('INSERT OR IGNORE INTO sync_deferred (id) VALUES (?)').run(id);
}

export function undeferKey(db: Db, id: string): void {
  db.prepare('DELETE FROM sync_deferred WHERE id = ?').run(id);
}

export function deferredKeys(db: Db): string[] {
  return (db.prepare('SELECT id FROM sync_deferred ORDER BY id').all() as { id: string }[]).map((r) => r.id);
}

export interface AnnotationMetaRow {
  uuid: string;
  author: string | null;
  restored: string | null;
  conflicts: string;
}

export function getAnnotationMeta(db: Db, uuid: string): AnnotationMetaRow | undefined {
  return db.prepare('SELECT * FROM sync_annotation_meta WHERE uuid = ?').get(uuid) as AnnotationMetaRow | undefined;
}

/** Writes an annotation's sync facts; unchanged values write nothing (and so queue nothing). */
export function setAnnotationMeta(db: Db, row: AnnotationMetaRow): void {
  const old = getAnnotationMeta(db, row.uuid);
  if (old && old.author === row.author && old.restored === row.restored && old.conflicts === row.conflicts) return;
  db.prepare(
    `INSERT INTO sync_annotation_meta (uuid, author, restored, conflicts) VALUES (@uuid, @author, @restored, @conflicts)
     ON CONFLICT (uuid) DO UPDATE SET author = excluded.author, restored = excluded.restored, conflicts = excluded.conflicts`,
  ).run(row);
}

/** Annotations carrying unresolved conflicting versions. */
export function conflictedAnnotationCount(db: Db): number {
  return (db.prepare(`SELECT count(*) AS n FROM sync_annotation_meta WHERE conflicts <> '[]'`).get() as { n: number }).n;
}

/** Document rows (by hash) whose original is expected from the replica. */
export function documentHashes(db: Db): { id: number; sha256: string; size: number }[] {
  return db.prepare('SELECT id, sha256, size FROM documents ORDER BY id').all() as { id: number; sha256: string; size: number }[];
}

export function findDocumentIdBySha(db: Db, sha256: string): number | undefined {
  return (db.prepare('SELECT id FROM documents WHERE sha256 = ?').get(sha256) as { id: number } | undefined)?.id;
}

/** Replaces the tags of a document or an annotation by these names (which exist as tags). */
export function setDocumentTagNames(db: Db, documentId: number, names: readonly string[]): void {
  const current = db.prepare('SELECT t.id, t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.document_id = ?').all(documentId) as {
    id: number;
    name: string;
  }[];
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const t of current) if (!wanted.has(t.name.toLowerCase())) db.prepare('DELETE FROM document_tags WHERE document_id = ? AND tag_id = ?').run(documentId, t.id);
  const insert = db.prepare('INSERT OR IGNORE INTO document_tags (document_id, tag_id) SELECT ?, id FROM tags WHERE name = ?');
  for (const n of names) insert.run(documentId, n);
}

export function setAnnotationTagNames(db: Db, annotationId: number, names: readonly string[]): void {
  const current = db.prepare('SELECT t.id, t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id = ?').all(annotationId) as {
    id: number;
    name: string;
  }[];
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const t of current)
    if (!wanted.has(t.name.toLowerCase())) db.prepare('DELETE FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?').run(annotationId, t.id);
  const insert = db.prepare('INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) SELECT ?, id FROM tags WHERE name = ?');
  for (const n of names) insert.run(annotationId, n);
}

/** Writes every field of an annotation that sync carries (an existing row, by uuid). */
export function overwriteAnnotation(
  db: Db,
  row: Omit<AnnotationRow, 'id' | 'kind' | 'anchor' | 'tags_text' | 'created_at'> & { kind: string; anchor: string | null },
): void {
  db.prepare(
    `UPDATE annotations SET document_id = @document_id, parent_id = @parent_id, kind = @kind, suggested = @suggested,
       dismissed = @dismissed, color = @color, exact = @exact, prefix = @prefix, suffix = @suffix, start = @start, "end" = @end,
       page = @page, quads = @quads, page_label = @page_label, text = @text, comment = @comment, anchor = @anchor,
       updated_at = @updated_at
     WHERE uuid = @uuid`,
  ).run(row);
}

/** Writes the metadata of a document that sync carries (an existing row). */
export function overwriteDocumentMeta(
  db: Db,
  id: number,
  row: { title: string; authors: string; published: string | null; source_url: string | null; note: string | null; page_labels: string | null; updated_at: string },
): void {
  db.prepare(
    `UPDATE documents SET title = @title, authors = @authors, published = @published, source_url = @source_url, note = @note,
       page_labels = @page_labels, updated_at = @updated_at WHERE id = @id`,
  ).run({ ...row, id });
}

/** Sets an annotation's comment or text (the version a person chose among conflicting ones). */
export function setAnnotationTextField(db: Db, id: number, field: 'comment' | 'text', value: string | null, at: string): void {
  const sql =
    field === 'comment'
      ? 'UPDATE annotations SET comment = ?, updated_at = ? WHERE id = ?'
      : 'UPDATE annotations SET text = ?, updated_at = ? WHERE id = ?';
  db.prepare(sql).run(value, at, id);
}

/**
 * In a group library (its database carries Pith's validation function), the user this archive
 * syncs as, and the author of an annotation: only the author may change it. Undefined elsewhere.
 */
export function groupAuthorship(db: Db, uuid: string): { user: string; author: string | null } | undefined {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'`).get();
  if (!hasTable || getSyncState(db, 'group') !== '1') return undefined;
  const user = getSyncState(db, 'user');
  if (!user) return undefined;
  return { user, author: getAnnotationMeta(db, uuid)?.author ?? null };
}

/** A document's text and page starts by its row id. */
export function documentText(db: Db, id: number): { body: string; page_starts: string | null } | undefined {
  return db.prepare('SELECT body, page_starts FROM documents WHERE id = ?').get(id) as { body: string; page_starts: string | null } | undefined;
}

/** A document's SHA-256 by its row id. */
export function documentSha(db: Db, id: number): string | undefined {
  return (db.prepare('SELECT sha256 FROM documents WHERE id = ?').get(id) as { sha256: string } | undefined)?.sha256;
}

/** An annotation's id (uuid) by its row id. */
export function annotationUuid(db: Db, id: number): string | undefined {
  return (db.prepare('SELECT uuid FROM annotations WHERE id = ?').get(id) as { uuid: string } | undefined)?.uuid;
}

/** An annotation's tag names, sorted as the replica keeps them. */
export function annotationTagNamesSorted(db: Db, annotationId: number): string[] {
  return (db.prepare('SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id = ? ORDER BY t.name').all(annotationId) as { name: string }[]).map((r) => r.name);
}

/** A document's tag names, sorted as the replica keeps them. */
export function documentTagNamesSorted(db: Db, documentId: number): string[] {
  return (db.prepare('SELECT t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.document_id = ? ORDER BY t.name').all(documentId) as { name: string }[]).map((r) => r.name);
}

/** Marks an annotation changed now (a conflict settled by keeping the version shown). */
export function touchAnnotationRow(db: Db, id: number, at: string): void {
  db.prepare('UPDATE annotations SET updated_at = ? WHERE id = ?').run(at, id);
}
