// For tests: a real archive in a temporary folder, and documents put straight into it.
import { randomUUID, createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { insertDocument, insertPageLayouts } from '../../db/documents.ts';
import { openDatabase, type Db } from '../../db/open.ts';

export interface TestArchive {
  db: Db;
  dir: string;
  close: () => void;
}

export function tempArchive(): TestArchive {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-annotate-'));
  const db = openDatabase(dir);
  return {
    db,
    dir,
    close: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestDocument {
  title?: string;
  body: string;
  kind?: 'pdf' | 'html' | 'md' | 'txt';
  pageStarts?: number[];
  layouts?: { page: number; runs: number[][] }[];
}

export function addDocument(db: Db, doc: TestDocument): { id: number; uuid: string } {
  const uuid = randomUUID();
  const at = new Date().toISOString();
  const id = insertDocument(db, {
    uuid,
    title: doc.title ?? 'Test document',
    authors: '[]',
    published: null,
    source_path: null,
    source_url: null,
    kind: doc.kind ?? 'txt',
    mime: doc.kind === 'pdf' ? 'application/pdf' : 'text/plain',
    sha256: createHash('sha256').update(uuid).digest('hex'),
    size: doc.body.length,
    pages: doc.pageStarts?.length ?? null,
    page_starts: doc.pageStarts ? JSON.stringify(doc.pageStarts) : null,
    body: doc.body,
    note: null,
    imported_at: at,
    created_at: at,
    updated_at: at,
  });
  if (doc.layouts)
    insertPageLayouts(
      db,
      id,
      doc.layouts.map((l) => ({ page: l.page, width: 612, height: 792, runs: l.runs })),
    );
  return { id, uuid };
}

/** Replaces a document's body, as import --update does before re-anchoring. */
export function replaceBody(db: Db, id: number, body: string): void {
  db.prepare('UPDATE documents SET body = ?, updated_at = ? WHERE id = ?').run(body, new Date().toISOString(), id);
}

/** Ids of annotations matching an FTS5 query on the annotations index. */
export function ftsAnnotations(db: Db, match: string): number[] {
  return (db.prepare('SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? ORDER BY rowid').all(match) as { rowid: number }[]).map(
    (r) => r.rowid,
  );
}

/** Sleeps long enough for now() to move on, so updated times can be compared. */
export async function tick(): Promise<void> {
  await new Promise((r) => setTimeout(r, 3));
}
